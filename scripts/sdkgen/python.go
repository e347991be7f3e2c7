package main

import pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"

// generatePython writes the Python SDK (pulumi_woodpecker). The header of each file names the tool
// as the Python language host does.
func generatePython(schemaPath, outDir string) (int, error) {
	pkg, err := load(schemaPath)
	if err != nil {
		return 0, err
	}
	files, err := pygen.GeneratePackage("pulumi-language-python", pkg, nil, noPackages{})
	if err != nil {
		return 0, err
	}
	return writeTree(outDir, files)
}
