import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../scripts/gen/index.js";
import { linkPackageInto, repoRoot } from "../scripts/link-package";

/**
 * Every TypeScript Pulumi program under examples/ and every example on a reference page type-checks
 * against the built package (dist/, so run `npm run build` first, as `npm test` does), the way a
 * user's program would see it: module nodenext, strict, `pulumi-woodpecker` resolved through
 * node_modules. One compiler run for all of them: @pulumi/pulumi's types are checked once.
 * Python examples (`runtime: python`) are type-checked by mypy in test/python/test_types.py; the
 * pages' Python, Go and YAML renderings run in test/python, test/go and test/e2e/doc-examples.
 */

const examplesDir = path.join(repoRoot, "examples");
const allExamples = readdirSync(examplesDir).filter((name) => existsSync(path.join(examplesDir, name, "Pulumi.yaml")));
const runtimeIs = (name: string, runtime: string) =>
  new RegExp(`^runtime:\\s*(?:\\n\\s+name:\\s*)?${runtime}\\b`, "m").test(readFileSync(path.join(examplesDir, name, "Pulumi.yaml"), "utf8"));
// Node.js and Pulumi YAML programs find the package (and the plugin) in their node_modules; Python ones in the venv.
const examples = allExamples.filter((name) => !runtimeIs(name, "python"));
// Pulumi YAML examples have no TypeScript to compile: their resources are checked against schema.json.
const isYaml = (name: string) => runtimeIs(name, "yaml");
const tsExamples = examples.filter((name) => !isYaml(name));
const yamlExamples = examples.filter(isYaml);
const pythonExamples = allExamples.filter((name) => runtimeIs(name, "python"));

// Doc examples are compiled as if they were files at docs/examples/<page>.ts: there the package
// resolves itself by name through package.json "exports", as it would for an installed package.
const docExamples = new Map<string, string>();
for (const [file, text] of generate(repoRoot)) {
  const code = /```ts\n([\s\S]*?)```/.exec(text)?.[1];
  if (!file.startsWith("docs/") || !code) continue;
  docExamples.set(path.join(repoRoot, "docs/examples", `${path.basename(file, ".md")}.ts`), code);
  // The pages say the same program runs on the provider plugin with the other import: check that too.
  const pluginCode = code.replace(/from "pulumi-woodpecker";/g, 'from "pulumi-woodpecker/plugin";');
  if (pluginCode !== code) docExamples.set(path.join(repoRoot, "docs/examples", `${path.basename(file, ".md")}.plugin.ts`), pluginCode);
}

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
};

let diagnostics: Map<string, string[]>;

beforeAll(() => {
  expect(existsSync(path.join(repoRoot, "dist/sdk/index.d.ts")), "dist/ is missing: run `npm run build` first").toBe(true);
  for (const name of examples) linkPackageInto(path.join(examplesDir, name));
  const host = ts.createCompilerHost(options);
  const virtual = (file: string) => docExamples.get(path.resolve(file));
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => virtual(file) !== undefined || fileExists.call(host, file);
  host.readFile = (file) => virtual(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual(file);
    return text !== undefined ? ts.createSourceFile(file, text, language) : getSourceFile.call(host, file, language, ...rest);
  };
  const roots = [...tsExamples.map((name) => path.join(examplesDir, name, "index.ts")), ...docExamples.keys()];
  const program = ts.createProgram(roots, options, host);
  diagnostics = new Map(roots.map((root) => [root, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ? path.resolve(diagnostic.file.fileName) : "";
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const message = `${path.relative(repoRoot, file)}${where ? `:${where.line + 1}:${where.character + 1}` : ""}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    (diagnostics.get(file) ?? diagnostics.get(roots[0]!)!).push(message);
  }
}, 120_000);

describe.each(examples)("examples/%s", (name) => {
  const dir = path.join(examplesDir, name);

  it("has a README.md and a package.json", () => {
    expect(existsSync(path.join(dir, "README.md")), `examples/${name}/README.md is missing`).toBe(true);
    expect(existsSync(path.join(dir, "package.json")), `examples/${name}/package.json is missing`).toBe(true);
  });

  it("is listed in the top README", () => {
    const listed = readFileSync(path.join(repoRoot, "README.md"), "utf8").includes(`/tree/main/examples/${name})`);
    expect(listed, `README.md has no link to examples/${name}: add it to the Examples list`).toBe(true);
  });
});

describe.each(tsExamples)("examples/%s (TypeScript)", (name) => {
  it("type-checks against the built package", () => {
    expect(diagnostics.get(path.join(examplesDir, name, "index.ts"))).toEqual([]);
  });
});

describe.each(yamlExamples)("examples/%s (Pulumi YAML)", (name) => {
  it("declares only the plugin's resource types, with properties its schema has, and finds the plugin in the package", () => {
    const project = parseYaml(readFileSync(path.join(examplesDir, name, "Pulumi.yaml"), "utf8")) as {
      plugins?: { providers?: { name: string; path: string }[] };
      resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
    };
    const schema = JSON.parse(readFileSync(path.join(repoRoot, "schema.json"), "utf8")) as {
      resources: Record<string, { inputProperties: Record<string, unknown> }>;
    };
    expect(project.plugins?.providers).toEqual([{ name: "woodpecker", path: "./node_modules/pulumi-woodpecker/bin" }]);
    const problems = Object.entries(project.resources).flatMap(([resource, { type, properties }]) => {
      const known = schema.resources[type];
      if (!known) return [`${resource}: unknown type ${type}`];
      return Object.keys(properties ?? {})
        .filter((key) => !(key in known.inputProperties))
        .map((key) => `${resource}: ${type} has no input ${key}`);
    });
    expect(problems).toEqual([]);
    expect(Object.keys(project.resources).length).toBeGreaterThan(0);
  });
});

describe.each(pythonExamples)("examples/%s (Python)", (name) => {
  const dir = path.join(examplesDir, name);

  it("has a README.md, a requirements.txt with the SDK and a __main__.py", () => {
    expect(existsSync(path.join(dir, "README.md")), `examples/${name}/README.md is missing`).toBe(true);
    expect(readFileSync(path.join(dir, "requirements.txt"), "utf8")).toMatch(/^\.\.\/\.\.\/sdk\/python$/m);
    expect(readFileSync(path.join(dir, "__main__.py"), "utf8")).toContain("import pulumi_woodpecker");
  });

  it("is listed in the top README", () => {
    const listed = readFileSync(path.join(repoRoot, "README.md"), "utf8").includes(`/tree/main/examples/${name})`);
    expect(listed, `README.md has no link to examples/${name}: add it to the Examples list`).toBe(true);
  });
});

it("finds the TypeScript and the Python examples", () => {
  expect(examples.length).toBeGreaterThanOrEqual(5);
  expect(pythonExamples).toContain("python-quickstart");
});

describe("examples on the reference pages", () => {
  it("there is one per resource and function page, each also with the plugin's import, and the overview's on the plugin", () => {
    const plugin = [...docExamples.keys()].filter((file) => file.endsWith(".plugin.ts"));
    const dynamic = [...docExamples].filter(([file, code]) => !file.endsWith(".plugin.ts") && code.includes('from "pulumi-woodpecker";'));
    expect(dynamic.length).toBeGreaterThanOrEqual(13);
    expect(plugin.length).toBe(dynamic.length);
    expect(docExamples.get(path.join(repoRoot, "docs/examples/_index.ts"))).toContain('from "pulumi-woodpecker/plugin";');
  });

  it.each([...docExamples.keys()].map((file) => path.basename(file, ".ts")))("%s type-checks", (page) => {
    expect(diagnostics.get(path.join(repoRoot, "docs/examples", `${page}.ts`))).toEqual([]);
  });
});
