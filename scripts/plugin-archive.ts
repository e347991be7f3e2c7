/**
 * `npm run plugin:archive`: a plugin archive for `pulumi plugin install resource woodpecker <version>
 * --file <archive>`, for machines where the program's node_modules is not where the CLI looks (other
 * languages, CI images with a shared plugin cache). The archive holds the packed package with its
 * production dependencies and, at its root, the executable `pulumi-resource-woodpecker` the engine
 * starts. It needs Node 20 on the machine that runs it.
 *
 *   npm run plugin:archive [-- <output folder>]   → prints the archive's path (default: dist/plugin/)
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./link-package";

export function buildPluginArchive(outDir = path.join(repoRoot, "dist", "plugin")): string {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
  const staging = mkdtempSync(path.join(tmpdir(), "woodpecker-plugin-"));
  try {
    const say = (text: string) => process.stderr.write(`plugin-archive: ${text}\n`);
    say(`packing pulumi-woodpecker ${version}`);
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", staging], { cwd: repoRoot, encoding: "utf8" }).trim().split("\n").pop()!;
    say("installing it with its production dependencies (from the npm registry or its cache)");
    writeFileSync(path.join(staging, "package.json"), JSON.stringify({ name: "woodpecker-plugin", private: true }));
    execFileSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--silent", path.join(staging, tarball)], { cwd: staging, stdio: ["ignore", "ignore", "inherit"] });
    rmSync(path.join(staging, tarball));
    const launcher = path.join(staging, "pulumi-resource-woodpecker");
    writeFileSync(launcher, '#!/bin/sh\nexec node "$(dirname "$0")/node_modules/pulumi-woodpecker/dist/provider/plugin/main.js" "$@"\n');
    chmodSync(launcher, 0o755);
    mkdirSync(outDir, { recursive: true });
    const archive = path.join(outDir, `pulumi-resource-woodpecker-v${version}-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}.tar.gz`);
    execFileSync("tar", ["-czf", archive, "-C", staging, "."]);
    say(`wrote ${archive}`);
    return archive;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(buildPluginArchive(process.argv[2] ? path.resolve(process.argv[2]) : undefined));
