import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layering DESIGN.md asks for, read from the sources' runtime imports (`import type` and
 * `export type` are erased, so they do not count): the core (provider/) imports no face, the
 * plugin's classes do not import the plugin server, and no runtime import cycle exists.
 */

const root = path.resolve(__dirname, "..");
const SHIPPED = ["provider", "sdk", "policy", "inventory", "cli"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && name !== "testing.ts" ? [file] : [];
  });
}

/** Relative runtime imports of a file, as repository paths (`.js` → `.ts`). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gm)].map((m) => m[1]!);
  return specifiers.map((spec) => path.relative(root, path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts"))));
}

const graph = new Map(SHIPPED.flatMap((dir) => sources(path.join(root, dir))).map((file) => [path.relative(root, file), runtimeImports(file)]));
const importers = (from: string, to: string) => [...graph].filter(([file, deps]) => file.startsWith(from) && deps.some((dep) => dep.startsWith(to))).map(([file]) => file);

describe("layers", () => {
  it("reads the sources", () => {
    expect(graph.size).toBeGreaterThan(30);
    expect(graph.get("sdk/plugin/define.ts")).toContain("provider/engine/spec.ts");
  });

  it("the core imports no face", () => {
    expect(importers("provider/", "sdk/")).toEqual([]);
    expect(importers("provider/", "policy/")).toEqual([]);
    expect(importers("provider/", "inventory/")).toEqual([]);
    expect(importers("provider/", "cli/")).toEqual([]);
  });

  it("the inventory reads through the core and is used only by the command line", () => {
    expect(graph.get("inventory/read.ts")).toContain("provider/engine/import.ts");
    expect([...graph].filter(([file, deps]) => !file.startsWith("inventory/") && deps.some((dep) => dep.startsWith("inventory/"))).map(([file]) => file)).toEqual(["cli/inventory.ts"]);
  });

  it("the plugin's classes do not import the plugin server, nor the dynamic provider's classes at runtime", () => {
    expect(importers("sdk/plugin/", "provider/plugin/")).toEqual([]);
    expect(importers("sdk/plugin/", "sdk/define.ts")).toEqual([]);
    expect(importers("sdk/plugin/", "sdk/resources.ts")).toEqual([]);
    expect(importers("sdk/plugin/", "sdk/functions.ts")).toEqual([]);
  });

  it("the policy pack targets kinds, not a face's classes", () => {
    expect(importers("policy/", "sdk/")).toEqual([]);
  });

  it("has no runtime import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "open");
      for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
