// pulumi-language-python (compatibility shim): runs the legacy Python language host
// (pulumi-language-python-legacy, beside this binary) and forwards every LanguageRuntime call to
// it byte for byte, with two repairs.
//
//   - Since pulumi 3.1xx the engine sends RunPluginRequest.info instead of the deprecated
//     RunPluginRequest.program; the legacy host (sdk/v3 v3.78.1, built only because the module
//     proxy refuses the current host's module) reads only `program`, so without the repair a
//     policy pack would run the stack's own program.
//   - Runtime options (Pulumi.yaml's runtime.options: virtualenv, toolchain) reach today's hosts
//     in each request's ProgramInfo; the legacy host reads them only from its command line
//     (-virtualenv, -root). So the shim starts a legacy host per (root, virtualenv) a request
//     names, with those flags, when the first such request comes (requests without a
//     ProgramInfo go to one started with the shim's own flags). toolchain "pip" (what
//     `pulumi new python` writes) is what the legacy host does; another toolchain is refused
//     with a clear error.
//
// Built by scripts/ensure-pulumi, only on its fallback path. Linux: the legacy hosts die with
// this process (Pdeathsig).
//
// With PARTNERLINK_SHIM_CACHE=<dir> (the test harness gives every test of a run the same one),
// the answer to GetRequiredPlugins, which costs the legacy host a `python -m pip list -v` on
// every operation, is kept in <dir>. The legacy host's answer does not read the request: it is
// `pip list` of its interpreter, run in its working directory. So the key is what that answer
// can depend on: the interpreter, PYTHONPATH, VIRTUAL_ENV, the host's own flags but -root (the
// program directory, unless a -virtualenv flag is relative to it), the modification times of
// the interpreter's site-packages and of each PYTHONPATH directory (any install or removal there changes the key), and the packaging
// entries (*.dist-info, *.egg-info, *.egg-link, *.pth) of the working directory, which
// `python -m pip` also lists. Without the variable every call is forwarded, as before.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

const runPlugin = "/pulumirpc.LanguageRuntime/RunPlugin"
const requiredPlugins = "/pulumirpc.LanguageRuntime/GetRequiredPlugins"

// raw passes message bytes through unchanged, in both directions.
type raw struct{}

func (raw) Marshal(v any) ([]byte, error) { return *(v.(*[]byte)), nil }
func (raw) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}
func (raw) Name() string { return "proto" }

// repair fills the deprecated `program` from `info` for a legacy host that reads only `program`.
func repair(b []byte) []byte {
	var req pulumirpc.RunPluginRequest
	if err := proto.Unmarshal(b, &req); err != nil || req.Program != "" || req.Info == nil {
		return b
	}
	req.Program = req.Info.ProgramDirectory
	if e := req.Info.EntryPoint; e != "" && e != "." {
		req.Program = filepath.Join(req.Info.ProgramDirectory, e)
	}
	if out, err := proto.Marshal(&req); err == nil {
		return out
	}
	return b
}

// legacyHost is one started legacy host and the connection to it.
type legacyHost struct {
	conn *grpc.ClientConn
	args []string // the flags it was started with (the engine address excluded)
}

var (
	hostsMu sync.Mutex
	hosts   = map[string]*legacyHost{}
)

// hostFor starts (once) the legacy host for these flags; extra go before the shim's own.
func hostFor(extra []string) (*legacyHost, error) {
	key := strings.Join(extra, "\x00")
	hostsMu.Lock()
	defer hostsMu.Unlock()
	if h, ok := hosts[key]; ok {
		return h, nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := append(append([]string{}, extra...), os.Args[1:]...)
	legacy := exec.Command(filepath.Join(filepath.Dir(self), "pulumi-language-python-legacy"), args...)
	legacy.Stderr = os.Stderr
	legacy.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := legacy.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := legacy.Start(); err != nil {
		return nil, err
	}
	lines := bufio.NewReader(out)
	port, err := lines.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("legacy language host gave no port: %w", err)
	}
	go func() { _, _ = io.Copy(os.Stdout, lines) }()
	go func() { _ = legacy.Wait() }()
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(raw{}), grpc.MaxCallRecvMsgSize(1<<30)))
	if err != nil {
		return nil, err
	}
	h := &legacyHost{conn: conn, args: args[:max(0, len(args)-1)]}
	hosts[key] = h
	return h, nil
}

// programInfo is the ProgramInfo a request carries, or nil.
func programInfo(method string, b []byte) *pulumirpc.ProgramInfo {
	var msg interface{ GetInfo() *pulumirpc.ProgramInfo }
	switch method {
	case "/pulumirpc.LanguageRuntime/GetRequiredPlugins":
		msg = &pulumirpc.GetRequiredPluginsRequest{}
	case "/pulumirpc.LanguageRuntime/GetRequiredPackages":
		msg = &pulumirpc.GetRequiredPackagesRequest{}
	case "/pulumirpc.LanguageRuntime/Run":
		msg = &pulumirpc.RunRequest{}
	case "/pulumirpc.LanguageRuntime/InstallDependencies":
		msg = &pulumirpc.InstallDependenciesRequest{}
	case "/pulumirpc.LanguageRuntime/GetProgramDependencies":
		msg = &pulumirpc.GetProgramDependenciesRequest{}
	case "/pulumirpc.LanguageRuntime/About":
		msg = &pulumirpc.AboutRequest{}
	case "/pulumirpc.LanguageRuntime/RunPlugin":
		msg = &pulumirpc.RunPluginRequest{}
	case "/pulumirpc.LanguageRuntime/RuntimeOptionsPrompts":
		msg = &pulumirpc.RuntimeOptionsRequest{}
	default:
		return nil
	}
	if proto.Unmarshal(b, msg.(proto.Message)) != nil {
		return nil
	}
	return msg.GetInfo()
}

// legacyFlags are the legacy host's flags for a request's runtime options (nil: none).
func legacyFlags(info *pulumirpc.ProgramInfo) ([]string, error) {
	if info == nil || info.Options == nil {
		return nil, nil
	}
	opts := info.Options.AsMap()
	if tc, ok := opts["toolchain"]; ok && fmt.Sprint(tc) != "pip" {
		return nil, fmt.Errorf("runtime.options.toolchain %q needs a current Python language "+
			"host; this CLI build has the legacy one (sdk/v3 v3.78.1), which runs pip "+
			"virtualenvs only (toolchain: pip)", fmt.Sprint(tc))
	}
	venv, ok := opts["virtualenv"].(string)
	if !ok || venv == "" {
		return nil, nil
	}
	if !filepath.IsAbs(venv) {
		venv = filepath.Join(info.RootDirectory, venv)
	}
	return []string{"-root=" + info.RootDirectory, "-virtualenv=" + venv}, nil
}

func main() {
	if _, err := hostFor(nil); err != nil { // the default host, as before: fail early
		fail(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	server := grpc.NewServer(grpc.ForceServerCodec(raw{}), grpc.MaxRecvMsgSize(1<<30),
		grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
			return forward(stream)
		}))
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(lis); err != nil {
		fail(err)
	}
}

// cacheKey names the cached answer to GetRequiredPlugins, or "" when none may be kept.
func cacheKey(host *legacyHost) string {
	python := os.Getenv("PULUMI_PYTHON_CMD")
	for _, arg := range host.args {
		if v, ok := strings.CutPrefix(arg, "-virtualenv="); ok {
			python = filepath.Join(v, "bin", "python")
		}
	}
	if python == "" || os.Getenv("PARTNERLINK_SHIM_CACHE") == "" {
		return ""
	}
	real, err := filepath.EvalSymlinks(python)
	if err != nil {
		return ""
	}
	prefix := filepath.Dir(filepath.Dir(python)) // <venv>/bin/python -> <venv>
	dirs, _ := filepath.Glob(filepath.Join(prefix, "lib", "python*", "site-packages"))
	if len(dirs) == 0 {
		return ""
	}
	for _, p := range filepath.SplitList(os.Getenv("PYTHONPATH")) {
		if p != "" {
			dirs = append(dirs, p)
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", python, real, os.Getenv("PYTHONPATH"), os.Getenv("VIRTUAL_ENV"))
	// The engine's address comes last; -root matters only to a relative -virtualenv.
	flags := host.args
	venvFlag := strings.Contains(strings.Join(flags, "\x00"), "-virtualenv")
	for _, arg := range flags {
		if venvFlag || !strings.HasPrefix(strings.TrimLeft(arg, "-"), "root") {
			fmt.Fprintf(h, "arg\x00%s\x00", arg)
		}
	}
	for _, d := range dirs {
		info, err := os.Stat(d)
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "%s\x00%d\x00", d, info.ModTime().UnixNano())
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		return ""
	}
	for _, e := range entries {
		for _, suffix := range []string{".dist-info", ".egg-info", ".egg-link", ".pth"} {
			if strings.HasSuffix(e.Name(), suffix) {
				fmt.Fprintf(h, "cwd\x00%s\x00", e.Name())
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// requiredPluginsCached answers GetRequiredPlugins from the cache, or forwards it and keeps
// the answer.
func requiredPluginsCached(stream grpc.ServerStream, req []byte) error {
	h, err := hostForRequest(requiredPlugins, req)
	if err != nil {
		return err
	}
	conn := h.conn
	key := cacheKey(h)
	if key != "" {
		if b, err := os.ReadFile(filepath.Join(os.Getenv("PARTNERLINK_SHIM_CACHE"), key)); err == nil {
			return stream.SendMsg(&b)
		}
	}
	md, _ := metadata.FromIncomingContext(stream.Context())
	var resp []byte
	if err := conn.Invoke(metadata.NewOutgoingContext(stream.Context(), md), requiredPlugins, &req, &resp); err != nil {
		return err
	}
	if key != "" {
		dir := os.Getenv("PARTNERLINK_SHIM_CACHE")
		if os.MkdirAll(dir, 0o700) == nil {
			tmp := filepath.Join(dir, key+".tmp"+fmt.Sprint(os.Getpid()))
			if os.WriteFile(tmp, resp, 0o600) == nil {
				_ = os.Rename(tmp, filepath.Join(dir, key))
			}
		}
	}
	return stream.SendMsg(&resp)
}

// hostForRequest is the legacy host for a request's runtime options.
func hostForRequest(method string, b []byte) (*legacyHost, error) {
	flags, err := legacyFlags(programInfo(method, b))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return hostFor(flags)
}

func forward(stream grpc.ServerStream) error {
	method, _ := grpc.MethodFromServerStream(stream)
	// Every LanguageRuntime call but the streamed ones is one request, one answer: read the
	// request first, to know which host serves it.
	var first []byte
	if err := stream.RecvMsg(&first); err != nil {
		return err
	}
	if method == requiredPlugins && os.Getenv("PARTNERLINK_SHIM_CACHE") != "" {
		return requiredPluginsCached(stream, first)
	}
	h, err := hostForRequest(method, first)
	if err != nil {
		return err
	}
	md, _ := metadata.FromIncomingContext(stream.Context())
	ctx, cancel := context.WithCancel(metadata.NewOutgoingContext(stream.Context(), md))
	defer cancel()
	client, err := h.conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method)
	if err != nil {
		return err
	}
	go func() {
		b := first
		for {
			if method == runPlugin {
				b = repair(b)
			}
			if err := client.SendMsg(&b); err != nil {
				return
			}
			b = nil
			if err := stream.RecvMsg(&b); err != nil {
				_ = client.CloseSend()
				return
			}
		}
	}()
	for first := true; ; first = false {
		var b []byte
		err := client.RecvMsg(&b)
		if first {
			if h, herr := client.Header(); herr == nil {
				_ = stream.SendHeader(h)
			}
		}
		if err == io.EOF {
			stream.SetTrailer(client.Trailer())
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.SendMsg(&b); err != nil {
			return err
		}
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-python (shim): %v\n", err)
	os.Exit(1)
}
