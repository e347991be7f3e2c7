/**
 * The main job: the quickstart example run by the real Pulumi CLI against the embedded emulator.
 * Starts the emulator, runs `pulumi up` with a local file backend, shows what was created on the
 * server, shows that a second `up` changes nothing, then destroys and cleans up.
 * The CLI is `pulumi` from PATH when present, else the build of scripts/e2e/build-pulumi.sh: found in
 * its cache at once, or built on the first run, which prints its phases and elapsed time on stderr.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { startEmulator } from "../dist/emulator/index.js";
import { WoodpeckerClient } from "../dist/provider/client/client.js";
import { findOrBuildPulumi, pulumiWorkspace } from "./e2e/pulumi-cli";
import { linkPackageInto } from "./link-package";

const root = path.resolve(__dirname, "..");
const program = path.join(root, "examples", "quickstart");

// The provider host resolves `pulumi-woodpecker/provider` from the program's node_modules.
export { linkPackageInto };

function pulumiBinDir(): Promise<string> {
  try {
    const onPath = execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
    if (onPath) return Promise.resolve(path.dirname(onPath));
  } catch {
    // not on PATH: use (or build) the cached one
  }
  console.error("pulumi is not on PATH: using the CLI that scripts/e2e/build-pulumi.sh builds once into its cache");
  return findOrBuildPulumi();
}

const started = Date.now();
const step = (text: string) => console.log(`\n=== [${Math.round((Date.now() - started) / 1000)}s] ${text}`);

/** The CLI warns on every run that the dynamic-provider plugin comes from PATH (it ships in @pulumi/pulumi): noise here. */
const quiet = (output: string) =>
  output
    .split("\n")
    .filter((line) => !/pulumi-resource-pulumi-nodejs from \$PATH|^Diagnostics:$|^\s+pulumi:pulumi:Stack \(.*\):$|\d+ warnings?$/.test(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");

async function main(): Promise<void> {
  const binDir = await pulumiBinDir();
  const emulator = await startEmulator({ port: 0, quiet: true });
  const workspace = pulumiWorkspace(binDir, "demo-passphrase");
  linkPackageInto(program);
  const pulumi = async (...args: string[]) => quiet((await workspace.run(args, program)).stdout);
  try {
    step(`emulator at ${emulator.url}; state in ${workspace.backendDir}`);
    await pulumi("login", `file://${workspace.backendDir}`);
    await pulumi("stack", "init", "demo");
    await pulumi("config", "set", "woodpecker:server", emulator.url);
    await pulumi("config", "set", "--secret", "woodpecker:token", emulator.adminToken);

    step("pulumi up");
    console.log(await pulumi("up", "--yes", "--skip-preview"));

    step("what the server now has");
    const api = new WoodpeckerClient({ server: emulator.url, token: emulator.adminToken });
    const repo = await api.get<{ id: number; full_name: string; visibility: string; timeout: number }>("/repos/lookup/acme/api");
    console.log(`repository ${repo.full_name} (id ${repo.id}), ${repo.visibility}, timeout ${repo.timeout} min`);
    for (const s of await api.list<{ name: string; events: string[] }>(`/repos/${repo.id}/secrets`)) console.log(`  secret ${s.name}: ${s.events.join(", ")}`);
    for (const r of await api.list<{ address: string; username: string }>(`/repos/${repo.id}/registries`))
      console.log(`  registry ${r.address} as ${r.username}`);
    for (const c of await api.list<{ name: string; schedule: string; enabled: boolean }>(`/repos/${repo.id}/cron`))
      console.log(`  cron ${c.name}: ${c.schedule}${c.enabled ? "" : " (disabled)"}`);
    await api.close();

    step("a second pulumi up changes nothing");
    console.log(await pulumi("up", "--yes", "--skip-preview"));
    await pulumi("preview", "--expect-no-changes");
    console.log("preview --expect-no-changes: passed");

    step("pulumi destroy");
    console.log(await pulumi("destroy", "--yes", "--skip-preview"));
    await pulumi("stack", "rm", "--yes", "demo");
  } finally {
    await emulator.close();
    rmSync(path.dirname(workspace.backendDir), { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
