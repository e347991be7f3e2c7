import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The layering DESIGN.md asks for, read from the shipped sources with the TypeScript parser: the core
 * (provider/) imports no face, the plugin's classes do not import the plugin server, shipped code
 * imports neither test/ nor the emulator, and no import circle exists, type-only imports included
 * (a circle of types is still a circle a reader has to walk).
 */

const root = path.resolve(__dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { files: string[] };
/** The source folders of what the package ships: package.json's `dist/<folder>` entries. */
const SHIPPED = pkg.files.filter((entry) => entry.startsWith("dist/")).map((entry) => entry.slice("dist/".length));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [file] : [];
  });
}

interface Import {
  /** repository path of the imported file (`.js` → `.ts`), or the package name */
  to: string;
  typeOnly: boolean;
}

/** Every import of a file: static imports and re-exports, `import()` and `require()` calls. */
export function importsOf(file: string, text = readFileSync(file, "utf8")): Import[] {
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const to = specifier.startsWith(".") ? path.relative(root, path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts"))) : specifier;
    found.push({ to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require"))
        add((node.arguments[0] as ts.StringLiteral).text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  return found;
}

const files = SHIPPED.flatMap((dir) => sources(path.join(root, dir)));
const imports = new Map(files.map((file) => [path.relative(root, file), importsOf(file)]));
/** Runtime imports only (`import type` is erased), between repository files. */
const runtime = new Map([...imports].map(([file, deps]) => [file, deps.filter((dep) => !dep.typeOnly).map((dep) => dep.to)]));
/** Every import between repository files, type-only ones included. */
const all = new Map([...imports].map(([file, deps]) => [file, deps.map((dep) => dep.to)]));
const importers = (from: string, to: string, graph = runtime) =>
  [...graph].filter(([file, deps]) => file.startsWith(from) && deps.some((dep) => dep.startsWith(to))).map(([file]) => file);

/** Each import circle of the graph, as `a → b → a`. */
export function circles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      found.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
      return;
    }
    state.set(file, "open");
    for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

describe("layers", () => {
  it("reads the shipped sources, type-only imports included", () => {
    expect(SHIPPED).toEqual(expect.arrayContaining(["provider", "sdk", "emulator", "policy", "cli", "inventory"]));
    expect(imports.size).toBeGreaterThan(30);
    expect(runtime.get("sdk/plugin/define.ts")).toContain("provider/engine/tokens.ts");
    expect(all.get("emulator/control.ts")).toContain("emulator/state.ts");
    expect(runtime.get("emulator/control.ts")).not.toContain("emulator/state.ts");
  });

  it("the core imports no face", () => {
    for (const face of ["sdk/", "policy/", "inventory/", "cli/"]) expect(importers("provider/", face, all), face).toEqual([]);
  });

  it("the inventory reads through the core and is used only by the command line", () => {
    expect(runtime.get("inventory/read.ts")).toContain("provider/engine/import.ts");
    expect([...all].filter(([file, deps]) => !file.startsWith("inventory/") && deps.some((dep) => dep.startsWith("inventory/"))).map(([file]) => file)).toEqual(
      ["cli/inventory.ts"],
    );
  });

  it("the plugin's classes do not import the plugin server, nor the dynamic provider's classes at runtime", () => {
    expect(importers("sdk/plugin/", "provider/plugin/")).toEqual([]);
    expect(importers("sdk/plugin/", "sdk/define.ts")).toEqual([]);
    expect(importers("sdk/plugin/", "sdk/resources.ts")).toEqual([]);
    expect(importers("sdk/plugin/", "sdk/functions.ts")).toEqual([]);
  });

  it("the policy pack targets kinds, not a face's classes", () => {
    expect(importers("policy/", "sdk/", all)).toEqual([]);
  });

  it("shipped code imports no test code, and only the emulator itself imports the emulator", () => {
    expect(importers("", "test/", all)).toEqual([]);
    expect(importers("", "emulator/", all).filter((file) => !file.startsWith("emulator/"))).toEqual([]);
    // the package's own name resolves to the shipped files too
    const selfImports = [...imports].filter(([, deps]) => deps.some((dep) => /^pulumi-woodpecker\/(emulator|test)\b/.test(dep.to)));
    expect(selfImports).toEqual([]);
  });

  it("has no import circle, type-only imports included", () => {
    expect(circles(all)).toEqual([]);
  });

  it("the scan sees what it checks: a type-only circle and an import of test/ are found", () => {
    const a = path.join(root, "provider/a.ts");
    const probe = new Map([
      ["provider/a.ts", importsOf(a, 'import type { B } from "./b.js";\nconst h = require("../test/support/x.js");').map((dep) => dep.to)],
      ["provider/b.ts", importsOf(path.join(root, "provider/b.ts"), 'export type { A } from "./a.js";').map((dep) => dep.to)],
    ]);
    expect(circles(probe)).toEqual(["provider/a.ts → provider/b.ts → provider/a.ts"]);
    expect(importers("provider/", "test/", probe)).toEqual(["provider/a.ts"]);
  });
});
