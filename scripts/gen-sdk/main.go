// gen-sdk writes an SDK of the partnerlink package with Pulumi's own code generators
// (github.com/pulumi/pulumi/pkg/v3/codegen/{nodejs,go,python}, the version pinned in go.mod).
//
//	gen-sdk -schema schema.json -language nodejs|go|python -out DIR
//
// The schema is the one the native plugin serves (`pulumi package get-schema
// <path-to-pulumi-resource-partnerlink>`); its `language` section names each SDK. The output
// directory is replaced as a whole, so files the generator no longer writes disappear.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "partnerlink gen-sdk"

// noLoader serves a schema that references no other package: loading one is an error.
type noLoader struct{}

func (noLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: not supported", pkg)
}

func (noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: not supported", d.Name)
}

func (noLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q: not supported", pkg)
}

func (noLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q: not supported", d.Name)
}

func generate(schemaPath, language, out string) ([]string, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s is not a Pulumi package schema: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("the schema does not bind:\n%s", diags.Error())
	}
	var files map[string][]byte
	switch language {
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, noLoader{})
	default:
		err = fmt.Errorf("-language must be nodejs, go or python, not %q", language)
	}
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(out); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name, data := range files {
		path := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	language := flag.String("language", "nodejs", "nodejs, go or python")
	out := flag.String("out", "", "the directory to write the SDK to (replaced as a whole)")
	flag.Parse()
	if *schemaPath == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	names, err := generate(*schemaPath, *language, *out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen-sdk: wrote %d files to %s\n", len(names), *out)
}
