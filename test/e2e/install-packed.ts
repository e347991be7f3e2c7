import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi, pulumiWorkspace, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";

/** `<name>@<version>` of the dependency as the repository has it installed, so a user's project gets the same. */
export const pinned = (name: string) => `${name}@${JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version}`;

/**
 * `npm install` in a user's project of the packed tarball and what a `pulumi new typescript`
 * project has beside it (@pulumi/pulumi, typescript, ts-node, @types/node, at the repository's
 * versions); `typescript` replaces the TypeScript spec (e.g. another major).
 */
export function installPacked(project: string, tarball: string, typescript: string = pinned("typescript")): void {
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--silent", tarball, pinned("@pulumi/pulumi"), typescript, pinned("ts-node"), pinned("@types/node")],
    { cwd: project, stdio: "pipe", timeout: 5 * 60_000 },
  );
}

/** `npm pack` of the repository into `dir`; the tarball's path. */
export function packRepository(dir: string): string {
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  return join(dir, name);
}

/** A fresh emulator and a CLI workspace with stack `stack` of `program`, logged in to a file backend and configured for the emulator. */
export async function stackOnEmulator(
  program: string,
  stack: string,
): Promise<{ emu: Emulator; ws: PulumiWorkspace; pulumi: (...args: string[]) => Promise<string> }> {
  const emu = await startEmulator({ port: 0, quiet: true });
  const ws = pulumiWorkspace(await findOrBuildPulumi(), `${stack}-passphrase`);
  const pulumi = async (...args: string[]) => (await ws.run([...args, "--non-interactive"], program)).stdout;
  await pulumi("login", `file://${ws.backendDir}`);
  await pulumi("stack", "init", stack);
  await pulumi("config", "set", "woodpecker:server", emu.url);
  await pulumi("config", "set", "--secret", "woodpecker:token", emu.adminToken);
  return { emu, ws, pulumi };
}
