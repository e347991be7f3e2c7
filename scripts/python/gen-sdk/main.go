// Command gen-python writes the Python SDK (pulumi_woodpecker) for the package schema, with Pulumi's
// own code generator (github.com/pulumi/pulumi/pkg/v3/codegen/python) at the CLI's version: the same
// calls `pulumi package gen-sdk --language python` makes through the Python language host, which the
// CLI built here cannot reach (see README, "Python"). Run by `npm run gen` through
// scripts/python/gen-sdk.sh.
//
//	gen-python <schema.json> <out-dir>
//
// The output folder is owned by the generator: it is emptied first, so files the schema no longer
// produces disappear.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool names the generator in each file's header, as the Python language host does.
const tool = "pulumi-language-python"

// noPackages refuses every package reference: the woodpecker schema depends on no other package, so
// a reference means the schema is wrong, not that a plugin should be downloaded.
type noPackages struct{}

var errNoReferences = errors.New("the woodpecker schema must not reference other packages")

func (noPackages) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noPackages) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noPackages) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoReferences
}

func (noPackages) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoReferences
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen-python <schema.json> <out-dir>")
		os.Exit(2)
	}
	n, err := generate(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen-python: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d files under %s\n", n, os.Args[2])
}

func generate(schemaPath, outDir string) (int, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return 0, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return 0, fmt.Errorf("%s: %w", schemaPath, err)
	}
	// BindSpec validates against Pulumi's metaschema, as gen-sdk does before generating.
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return 0, err
	}
	if diags.HasErrors() {
		return 0, fmt.Errorf("%s does not bind: %s", schemaPath, diags.Error())
	}
	files, err := pygen.GeneratePackage(tool, pkg, nil, noPackages{})
	if err != nil {
		return 0, err
	}
	if err := os.RemoveAll(outDir); err != nil {
		return 0, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(outDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return 0, err
		}
	}
	return len(names), nil
}
