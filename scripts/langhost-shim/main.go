// The language-host shim of scripts/ensure-pulumi: one program, installed beside the CLI as
// pulumi-language-python, pulumi-language-nodejs and pulumi-language-go (symbolic links; it
// knows which by the name it is started by). Each forwards every LanguageRuntime call, byte for
// byte, to the legacy host of its language beside it (pulumi-language-<lang>-legacy: the last
// release of each that the Go module proxy serves, from an old sdk/v3 module; today's hosts are
// modules the proxy refuses), and adds what the legacy hosts lack:
//
//   - GenerateProgram and GeneratePackage, answered here with the CLI's own pkg/v3 generators
//     (generate.go), so `pulumi import`, `pulumi convert` and `pulumi package gen-sdk` write
//     code in every language;
//   - runtime options: the engine sends Pulumi.yaml's runtime.options in each request's
//     ProgramInfo; the legacy hosts read them only from their command line. So the shim starts
//     a legacy host per set of options a request names, with those flags (langs.go); requests
//     without options go to one started with the shim's own flags;
//   - RunPluginRequest.program from .info (the engine fills only .info today; the legacy Python
//     host reads only .program, and Python policy packs and plugins need it);
//   - with PARTNERLINK_SHIM_CACHE=<dir>, a cache of the Python host's GetRequiredPlugins answer
//     (a `pip list` per operation; cache.go).
//
// Built by scripts/ensure-pulumi. Linux: the legacy hosts die with this process (Pdeathsig).
package main

import (
	"bufio"
	"context"
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

// language is python, nodejs or go: the name this program was started by.
var language string

// raw passes message bytes through unchanged, in both directions.
type raw struct{}

func (raw) Marshal(v any) ([]byte, error) { return *(v.(*[]byte)), nil }
func (raw) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}
func (raw) Name() string { return "proto" }

func unmarshal(b []byte, m proto.Message) error {
	if err := proto.Unmarshal(b, m); err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	return nil
}

func marshal(m proto.Message) ([]byte, error) { return proto.Marshal(m) }

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
	self := os.Args[0]
	if !strings.Contains(self, "/") {
		if found, err := exec.LookPath(self); err == nil {
			self = found
		}
	}
	args := append(append([]string{}, extra...), os.Args[1:]...)
	legacy := exec.Command(self+"-legacy", args...)
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

// hostForRequest is the legacy host for a request's runtime options.
func hostForRequest(method string, b []byte) (*legacyHost, error) {
	flags, err := legacyFlags(programInfo(method, b))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return hostFor(flags)
}

func main() {
	language = strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	if _, ok := flagsFor[language]; !ok {
		fail(fmt.Errorf("started as %q: expected pulumi-language-python, -nodejs or -go", os.Args[0]))
	}
	if _, err := hostFor(nil); err != nil { // the default host: fail early
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

func forward(stream grpc.ServerStream) error {
	method, _ := grpc.MethodFromServerStream(stream)
	// Every LanguageRuntime call but the streamed ones is one request, one answer: read the
	// request first, to know which host serves it.
	var first []byte
	if err := stream.RecvMsg(&first); err != nil {
		return err
	}
	if resp, handled, err := generate(method, first); handled {
		if err != nil {
			return err
		}
		return stream.SendMsg(&resp)
	}
	if method == requiredPlugins && language == "python" && os.Getenv("PARTNERLINK_SHIM_CACHE") != "" {
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
	fmt.Fprintf(os.Stderr, "%s (partnerlink shim): %v\n", filepath.Base(os.Args[0]), err)
	os.Exit(1)
}
