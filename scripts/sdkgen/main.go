// Command sdkgen is the package's use of Pulumi's own schema code (github.com/pulumi/pulumi/pkg/v3 at
// the CLI's version, pinned in go.mod): it validates schema.json with Pulumi's schema loader and its
// embedded metaschema, and writes the Python and Go SDKs with Pulumi's generators, the same calls
// `pulumi package gen-sdk` makes through the language hosts, which the CLI built here cannot reach
// (see README, "Other languages"). Run through scripts/sdkgen/run.sh.
//
//	sdkgen validate <schema.json>
//	sdkgen python   <schema.json> <out-dir>
//	sdkgen go       <schema.json> <out-dir> <kinds-file>
//
// An output folder is owned by the generator: it is emptied first, so files the schema no longer
// produces disappear. <kinds-file> is the Go test's table of constructors (see goKinds).
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
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

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
	args := os.Args[1:]
	var err error
	var message string
	switch {
	case len(args) == 2 && args[0] == "validate":
		_, err = load(args[1])
		message = fmt.Sprintf("%s is valid against Pulumi's metaschema and binds", args[1])
	case len(args) == 3 && args[0] == "python":
		var n int
		n, err = generatePython(args[1], args[2])
		message = fmt.Sprintf("wrote %d files under %s", n, args[2])
	case len(args) == 4 && args[0] == "go":
		var n int
		n, err = generateGo(args[1], args[2], args[3])
		message = fmt.Sprintf("wrote %d files under %s, and %s", n, args[2], args[3])
	default:
		fmt.Fprintln(os.Stderr, "usage: sdkgen validate <schema.json> | python <schema.json> <out-dir> | go <schema.json> <out-dir> <kinds-file>")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen %s: %v\n", args[0], err)
		os.Exit(1)
	}
	fmt.Println(message)
}

// load reads the schema, checks the file as written against Pulumi's metaschema (BindSpec checks the
// parsed spec, which drops fields it does not know), then binds it as gen-sdk does before generating.
func load(schemaPath string) (*schema.Package, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var document any
	if err := json.Unmarshal(raw, &document); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	if err := schema.MetaSchema.Validate(document); err != nil {
		return nil, fmt.Errorf("%s does not match Pulumi's metaschema: %w", schemaPath, err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if len(diags) > 0 {
		// warnings too: a schema the generators warn about is a schema to fix
		return nil, fmt.Errorf("%s does not bind cleanly: %s", schemaPath, diags.Error())
	}
	return pkg, nil
}

// writeTree replaces outDir with the generated files.
func writeTree(outDir string, files map[string][]byte) (int, error) {
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
