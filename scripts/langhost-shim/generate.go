package main

// What the legacy hosts cannot do at all, the shim does itself with the CLI's own pkg/v3 code
// generators, as today's hosts do: GenerateProgram (`pulumi import` and `pulumi convert` write
// code in the program's language) and GeneratePackage (`pulumi package gen-sdk`,
// `pulumi package add`).

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	generateProgram = "/pulumirpc.LanguageRuntime/GenerateProgram"
	generatePackage = "/pulumirpc.LanguageRuntime/GeneratePackage"
)

// programGenerators are pkg/v3's program generators, by language.
var programGenerators = map[string]func(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error){
	"python": python.GenerateProgram,
	"nodejs": nodejs.GenerateProgram,
	"go":     gogen.GenerateProgram,
}

// generate answers GenerateProgram or GeneratePackage, or returns handled=false for any other call.
func generate(method string, req []byte) (resp []byte, handled bool, err error) {
	switch method {
	case generateProgram:
		var r pulumirpc.GenerateProgramRequest
		if err := unmarshal(req, &r); err != nil {
			return nil, true, err
		}
		out, err := program(&r)
		if err != nil {
			return nil, true, err
		}
		b, err := marshal(out)
		return b, true, err
	case generatePackage:
		var r pulumirpc.GeneratePackageRequest
		if err := unmarshal(req, &r); err != nil {
			return nil, true, err
		}
		out, err := pkg(&r)
		if err != nil {
			return nil, true, err
		}
		b, err := marshal(out)
		return b, true, err
	}
	return nil, false, nil
}

func program(req *pulumirpc.GenerateProgramRequest) (*pulumirpc.GenerateProgramResponse, error) {
	gen, ok := programGenerators[language]
	if !ok {
		return nil, fmt.Errorf("no program generator for %s", language)
	}
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	parser := hclsyntax.NewParser()
	for path, contents := range req.Source {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics
		}
	}
	opts := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.Strict {
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	prog, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), opts...)
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiags}, nil
	}
	if prog == nil {
		return nil, errors.New("the program did not bind")
	}
	files, diags, err := gen(prog)
	if err != nil {
		return nil, err
	}
	rpcDiags = append(rpcDiags, plugin.HclDiagnosticsToRPCDiagnostics(diags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: rpcDiags}, nil
}

func pkg(req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, err
	}
	cached := schema.NewCachedLoader(loader)
	bound, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}
	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage("pulumi-language-python", bound, req.ExtraFiles, cached)
	case "nodejs":
		files, err = nodejs.GeneratePackage("pulumi-language-nodejs", bound, req.ExtraFiles, req.LocalDependencies, req.Local, cached)
	case "go":
		files, err = gogen.GeneratePackage("pulumi-language-go", bound, req.LocalDependencies)
	default:
		err = fmt.Errorf("no package generator for %s", language)
	}
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		path := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("could not create %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, fmt.Errorf("could not write %s: %w", path, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}
