import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * No test's assertions sit behind a condition on the environment (a file's existence, an environment
 * variable, the platform): such a test passes without checking anything wherever the condition is
 * false. Read with the TypeScript parser over every test file: an `if`, `?:` or `&&` whose condition
 * reads the environment and guards an `expect`, or an early `return` on such a condition before one,
 * and `skipIf` / `runIf`. A test that needs something from the environment fails without it instead.
 */

const root = path.resolve(__dirname, "..");
const ENVIRONMENT = /\b(existsSync|statSync|lstatSync|accessSync|process\.env|process\.platform|env\.[A-Z_]+)\b/;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) return [];
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return testFiles(file);
    return name.endsWith(".test.ts") ? [file] : [];
  });
}

const asserts = (node: ts.Node | undefined): boolean => {
  if (!node) return false;
  if (ts.isCallExpression(node) && /^expect\b|\bassert\b/.test(node.expression.getText())) return true;
  return ts.forEachChild(node, asserts) ?? false;
};
const leaves = (node: ts.Statement): boolean =>
  ts.isReturnStatement(node) || ts.isContinueStatement(node) || (ts.isBlock(node) && node.statements.length === 1 && leaves(node.statements[0]!));

/** Where a file's assertions depend on the environment, as `file:line: condition`. */
export function environmentGuards(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node, condition: ts.Node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${path.relative(root, file)}:${line}: ${condition.getText().slice(0, 120)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isIfStatement(node) && ENVIRONMENT.test(node.expression.getText())) {
      if (asserts(node.thenStatement) || asserts(node.elseStatement)) report(node, node.expression);
      else if (leaves(node.thenStatement) && ts.isBlock(node.parent)) {
        const after = node.parent.statements.slice(node.parent.statements.indexOf(node) + 1);
        if (after.some(asserts)) report(node, node.expression);
      }
    } else if (ts.isConditionalExpression(node) && ENVIRONMENT.test(node.condition.getText()) && (asserts(node.whenTrue) || asserts(node.whenFalse))) {
      report(node, node.condition);
    } else if (
      ts.isBinaryExpression(node) &&
      [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind) &&
      ENVIRONMENT.test(node.left.getText()) &&
      asserts(node.right)
    ) {
      report(node, node.left);
    } else if (ts.isPropertyAccessExpression(node) && ["skipIf", "runIf"].includes(node.name.text)) {
      report(node, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("tests check unconditionally", () => {
  const files = testFiles(root);

  it("reads every test file, the end-to-end ones too", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.map((file) => path.relative(root, file))).toEqual(
      expect.arrayContaining(["test/generated.test.ts", "test/plugin/import.test.ts", "test/e2e/packed-package.cli.test.ts"]),
    );
  });

  it("no assertion sits behind a condition on the environment", () => {
    expect(files.flatMap((file) => environmentGuards(file))).toEqual([]);
  });

  it("finds each form of guard", () => {
    const probe = (body: string) => environmentGuards(path.join(root, "test/probe.test.ts"), `it("x", () => {\n${body}\n});`);
    expect(probe("if (existsSync(shared)) expect(a).toEqual(b);")).toHaveLength(1);
    expect(probe("if (!process.env.SERVER) return;\nexpect(a).toBe(1);")).toHaveLength(1);
    expect(probe("process.env.CI && expect(a).toBe(1);")).toHaveLength(1);
    expect(probe("const r = existsSync(f) ? expect(a).toBe(1) : undefined;")).toHaveLength(1);
    expect(probe("it.skipIf(!process.env.X)")).toHaveLength(1);
    expect(probe("if (list.length) expect(a).toBe(1);\nconst env = { ...process.env };\nexpect(env).toBeDefined();")).toEqual([]);
  });
});
