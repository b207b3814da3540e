package main

// Runtime options: each legacy host's command-line flags for the options of Pulumi.yaml's
// runtime section that a request's ProgramInfo carries (nil: none, the default host serves it).

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// flagsFor maps a language's runtime options to its legacy host's flags.
var flagsFor = map[string]func(root string, opts map[string]any) ([]string, error){
	"python": pythonFlags,
	"nodejs": nodejsFlags,
	"go":     goFlags,
}

func legacyFlags(info *pulumirpc.ProgramInfo) ([]string, error) {
	if info == nil || info.Options == nil || len(info.Options.AsMap()) == 0 {
		return nil, nil
	}
	return flagsFor[language](info.RootDirectory, info.Options.AsMap())
}

// pythonFlags: virtualenv (relative to the project root); toolchain pip only (sdk/v3 v3.78.1).
func pythonFlags(root string, opts map[string]any) ([]string, error) {
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
		venv = filepath.Join(root, venv)
	}
	return []string{"-root=" + root, "-virtualenv=" + venv}, nil
}

// nodejsFlags: typescript, tsconfig, nodeargs (sdk/v3 v3.68.0 reads these); packagemanager npm.
func nodejsFlags(root string, opts map[string]any) ([]string, error) {
	if pm, ok := opts["packagemanager"]; ok && fmt.Sprint(pm) != "npm" {
		return nil, fmt.Errorf("runtime.options.packagemanager %q needs a current Node.js "+
			"language host; this CLI build has the legacy one (sdk/v3 v3.68.0), which installs "+
			"with npm only (packagemanager: npm)", fmt.Sprint(pm))
	}
	return optionFlags(root, opts, map[string]string{
		"typescript": "typescript", "tsconfig": "tsconfig", "nodeargs": "nodeargs",
	}, []string{"packagemanager"})
}

// goFlags: binary, buildTarget (sdk/v3 v3.66.0 reads these).
func goFlags(root string, opts map[string]any) ([]string, error) {
	return optionFlags(root, opts, map[string]string{
		"binary": "binary", "buildTarget": "buildTarget",
	}, nil)
}

// optionFlags turns known options into -flag=value (sorted, so equal options share a host);
// an option the legacy host has no flag for is an error naming it.
func optionFlags(root string, opts map[string]any, known map[string]string, ignored []string) ([]string, error) {
	flags := []string{}
	for name, value := range opts {
		flag, ok := known[name]
		if !ok {
			if slices.Contains(ignored, name) {
				continue
			}
			return nil, fmt.Errorf("runtime.options.%s is not supported by this CLI build's "+
				"legacy %s language host (it reads: %v)", name, language, slices.Sorted(maps.Keys(known)))
		}
		flags = append(flags, fmt.Sprintf("-%s=%v", flag, value))
	}
	if len(flags) == 0 {
		return nil, nil
	}
	slices.Sort(flags)
	return append([]string{"-root=" + root}, flags...), nil
}
