package main

// With PARTNERLINK_SHIM_CACHE=<dir> (the test harness gives every test of a run the same one),
// the answer to GetRequiredPlugins, which costs the legacy Python host a `python -m pip list -v`
// on every operation, is kept in <dir>. The legacy host's answer does not read the request: it is
// `pip list` of its interpreter, run in its working directory. So the key is what that answer
// can depend on: the interpreter, PYTHONPATH, VIRTUAL_ENV, the host's own flags but -root (the
// program directory, unless a -virtualenv flag is relative to it), the modification times of
// the interpreter's site-packages and of each PYTHONPATH directory (any install or removal
// there changes the key), and the packaging entries (*.dist-info, *.egg-info, *.egg-link,
// *.pth) of the working directory, which `python -m pip` also lists. Without the variable every
// call is forwarded.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

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
