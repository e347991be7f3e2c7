import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorFixture } from "../support/emulator.js";
import { repoRoot, sdkDir, wrapSecret } from "../support/grpc.js";
import { startPlugin, type Plugin } from "../support/plugin.js";

/**
 * The engine starts the plugin once per command and waits for it: loading @pulumi/pulumi's root
 * (its automation API, the whole runtime) was most of that wait, so the plugin's code imports the
 * SDK's modules (`@pulumi/pulumi/output`, `/config`, `/log`, `/proto/...`) instead. Here the built
 * plugin is spawned with a preload that, on SIGUSR2, writes the files Node has loaded; after its
 * first Configure, Check and Invoke the root must not be among them.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), "plugin-startup-"));
const preload = path.join(dir, "loaded.cjs");
const listing = path.join(dir, "loaded.json");
writeFileSync(
  preload,
  `process.on("SIGUSR2", () => require("node:fs").writeFileSync(${JSON.stringify(listing)}, JSON.stringify(Object.keys(require.cache))));\n`,
);

let emu: EmulatorFixture;
let plugin: Plugin;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
  plugin = await startPlugin({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim() });
});
afterAll(async () => {
  await plugin?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function loadedFiles(): Promise<string[]> {
  process.kill(plugin.pid, "SIGUSR2");
  for (let waited = 0; !existsSync(listing); waited += 20) {
    if (waited > 10_000) throw new Error(`the plugin wrote no list of loaded files: ${plugin.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return JSON.parse(readFileSync(listing, "utf8")) as string[];
}

describe("the plugin's start-up", () => {
  it("answers its first Configure, Check and Invoke without loading @pulumi/pulumi's root", async () => {
    await plugin.configure({ args: { server: emu.url, token: wrapSecret(emu.emulator.adminToken), retries: "0" } });
    const checked = await plugin.check("RepositorySecretSet", {}, { repositoryId: 1, secrets: { a: { value: "v", events: ["push"] } } });
    expect(checked.failures).toEqual([]);
    const invoked = await plugin.invoke("getServerVersion", {});
    expect(invoked.failures).toEqual([]);
    expect(invoked.result.version).toEqual(expect.any(String));

    const loaded = await loadedFiles();
    // The listing is the plugin's own: its server, the functions' runner and the SDK modules it uses.
    expect(loaded).toContain(path.join(repoRoot, "dist/provider/plugin/server.js"));
    expect(loaded).toContain(path.join(repoRoot, "dist/provider/functions/runner.js"));
    expect(loaded).toContain(path.join(sdkDir, "output.js"));
    expect(loaded).not.toContain(path.join(sdkDir, "index.js"));
    expect(loaded.filter((file) => file.startsWith(path.join(sdkDir, "automation")))).toEqual([]);
  });
});
