import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The package's public declarations (dist/, as `npm run build` writes them) reach no zod: a user's
 * `tsc` without skipLibCheck checks every declaration file a program's imports reach, and zod's own
 * (.d.cts, `export =` re-exported as default) fail under the `pulumi new typescript` tsconfig
 * (no esModuleInterop: TS1259). test/e2e/installed.cli.test.ts runs that tsc on the packed tarball.
 */

const dist = path.resolve(__dirname, "../dist");
const ENTRY_POINTS = ["sdk/index.d.ts", "sdk/plugin/index.d.ts"];

/** Every module specifier in a declaration file: `from "…"`, `import("…")`, `export * from "…"`. */
const specifiers = (text: string) => [...text.matchAll(/(?:from\s+|import\()\s*"([^"]+)"/g)].map((m) => m[1]!);

function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
      else visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".d.ts")));
    }
  };
  visit(path.join(dist, entry));
  return { files, packages };
}

describe("public declarations", () => {
  it.each(ENTRY_POINTS)("%s reaches @pulumi/pulumi and node only: no zod", (entry) => {
    expect(existsSync(path.join(dist, entry)), "run npm run build").toBe(true);
    const { files, packages } = reach(entry);
    expect(files.size).toBeGreaterThan(3);
    expect([...packages].sort()).toEqual(expect.arrayContaining(["@pulumi/pulumi"]));
    expect([...packages].filter((name) => !["@pulumi/pulumi", "node:fs", "node:path"].includes(name))).toEqual([]);
  });

  it("the scan sees an import of zod where there is one", () => {
    expect(reach("provider/engine/spec.d.ts").packages.has("zod")).toBe(true);
  });
});
