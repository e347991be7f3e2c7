import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ResourceSpec } from "../../provider/engine/spec.js";
import { functions } from "../../provider/functions/index.js";
import type { FunctionSpec } from "../../provider/functions/spec.js";
import { allSpecs } from "../../provider/resources/index.js";
import { docPages } from "./docs.js";
import { buildSchema } from "./schema.js";

/**
 * `npm run gen`: writes schema.json and docs/ from the resource and function specs. The output is
 * committed; test/generated.test.ts calls `generate()` and fails when the files are stale.
 */

/** The repository root, from either scripts/gen (ts-node, vitest) or dist/scripts/gen (compiled). */
export const repoRoot = path.resolve(__dirname, path.basename(path.resolve(__dirname, "../..")) === "dist" ? "../../.." : "../..");

/** Where the sources live, until package.json names it in a "repository" field (which then wins). */
const REPOSITORY = "https://github.com/pulumi-woodpecker/pulumi-woodpecker";

/** Folders the generator owns entirely: files in them that it no longer generates are removed. */
export const GENERATED_DIRS = ["docs/resources", "docs/functions"];

/** Every generated file by path relative to the repository root, with its content. */
export function generate(root = repoRoot): Map<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, string> & { dependencies: Record<string, string> };
  const resources = Object.values(allSpecs);
  const fns = Object.values(functions) as unknown as FunctionSpec[];
  const schema = buildSchema(
    { version: pkg.version!, description: pkg.description!, license: pkg.license!, repository: repositoryUrl(pkg.repository) ?? REPOSITORY, pulumiVersion: pkg.dependencies["@pulumi/pulumi"]! },
    resources,
    fns,
  );
  const files = new Map<string, string>([["schema.json", `${JSON.stringify(schema, null, 2)}\n`]]);
  const overview = readFileSync(path.join(root, "scripts/gen/data-sources.md"), "utf8");
  for (const [file, text] of docPages(schema, resources, fns, overview)) files.set(file, text);
  return files;
}

function repositoryUrl(repository: unknown): string | undefined {
  if (typeof repository === "string") return repository;
  if (repository && typeof repository === "object" && "url" in repository) return String(repository.url);
  return undefined;
}

function write(root: string): string[] {
  const files = generate(root);
  for (const dir of GENERATED_DIRS) rmSync(path.join(root, dir), { recursive: true, force: true });
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return [...files.keys()];
}

/** Generated files on disk under the generator's folders, for the staleness test. */
export function filesOnDisk(root = repoRoot): string[] {
  return GENERATED_DIRS.flatMap((dir) => {
    try {
      return readdirSync(path.join(root, dir)).map((name) => `${dir}/${name}`);
    } catch {
      return [];
    }
  });
}

// Guarded: vitest imports this file as a module without CommonJS `require.main`.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  const written = write(repoRoot);
  console.log(`wrote ${written.length} files: schema.json and ${written.length - 1} pages under docs/`);
}
