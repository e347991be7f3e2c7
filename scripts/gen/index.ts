import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ResourceSpec } from "../../provider/engine/spec.js";
import { functions } from "../../provider/functions/index.js";
import type { FunctionSpec } from "../../provider/functions/spec.js";
import { allSpecs } from "../../provider/resources/index.js";
import { classes } from "./classes.js";
import { docPages } from "./docs.js";
import { registryPages } from "./registry-docs.js";
import { buildSchema } from "./schema.js";
import { typings } from "./typings.js";

/**
 * `npm run gen`: writes schema.json, docs/, sdk/types.ts and both faces' classes and functions (scripts/gen/classes.ts)
 * from the resource and function specs. The output is committed; test/generated.test.ts calls `generate()` and fails
 * when the files are stale.
 */

/** The repository root, from either scripts/gen (ts-node, vitest) or dist/scripts/gen (compiled). */
export const repoRoot = path.resolve(__dirname, path.basename(path.resolve(__dirname, "../..")) === "dist" ? "../../.." : "../..");

/** Folders the generator owns entirely: files in them that it no longer generates are removed. */
export const GENERATED_DIRS = ["docs/resources", "docs/functions"];

/** Every generated file by path relative to the repository root, with its content. */
export function generate(root = repoRoot): Map<string, string> {
  const pkgText = readFileSync(path.join(root, "package.json"), "utf8");
  const pkg = JSON.parse(pkgText) as Record<string, string> & { devDependencies: Record<string, string> };
  const release = releaseSource(pkg.repository);
  const resources = Object.values(allSpecs);
  const fns = Object.values(functions) as unknown as FunctionSpec[];
  const schema = buildSchema(
    {
      version: pkg.version!,
      description: pkg.description!,
      license: pkg.license!,
      repository: release.web,
      pluginDownloadURL: release.pluginDownloadURL,
      pulumiVersion: pkg.devDependencies["@pulumi/pulumi"]!,
    },
    resources,
    fns,
  );
  const files = new Map<string, string>([["schema.json", `${JSON.stringify(schema, null, 2)}\n`]]);
  files.set("package.json", withPulumiSection(pkgText, schema.version, release.pluginDownloadURL));
  files.set("sdk/types.ts", typings(schema as unknown as Parameters<typeof typings>[0]));
  for (const [file, text] of classes(resources, fns)) files.set(file, text);
  const overview = readFileSync(path.join(root, "scripts/gen/data-sources.md"), "utf8");
  for (const [file, text] of docPages(schema, resources, fns, overview)) files.set(file, text);
  // The overview program: a repository and one of its secrets, as the RepositorySecret page shows it.
  for (const [file, text] of registryPages(schema, pkg.name!, allSpecs.RepositorySecret!.example!)) files.set(file, text);
  return files;
}

/**
 * package.json's `repository` is the one place that says where the sources and the releases live.
 * From it: the web address (schema.json `repository`) and Pulumi's download source for the plugin,
 * `github://api.github.com/<owner>/<repo>` (the CLI fetches release `v<version>`'s asset
 * `pulumi-resource-woodpecker-v<version>-<os>-<arch>.tar.gz`, written by `npm run release`).
 */
export function releaseSource(repository: unknown): { web: string; pluginDownloadURL: string } {
  const url = typeof repository === "string" ? repository : repository && typeof repository === "object" && "url" in repository ? String(repository.url) : "";
  const m = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?\/?$/.exec(url);
  if (!m) throw new Error(`package.json "repository" must name a GitHub repository (releases are GitHub releases); got ${JSON.stringify(url)}`);
  return { web: `https://github.com/${m[1]}/${m[2]}`, pluginDownloadURL: `github://api.github.com/${m[1]}/${m[2]}` };
}

/**
 * package.json with Pulumi's `pulumi` section: the Node language host reads it from each dependency
 * and tells the CLI which plugin to install, of which version, from where (no `plugins:` block needed).
 */
function withPulumiSection(pkgText: string, version: string, server: string): string {
  const pkg = JSON.parse(pkgText) as Record<string, unknown>;
  pkg.pulumi = { resource: true, name: "woodpecker", version, server };
  return `${JSON.stringify(pkg, null, 2)}\n`;
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
  console.log(`wrote ${written.length} files: schema.json, package.json, the sdk/ classes and types, and the pages under docs/`);
}
