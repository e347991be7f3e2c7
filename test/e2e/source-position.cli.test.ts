// Where state says each resource was declared. The packed package is installed into a program outside
// the repository; the REAL Pulumi CLI runs `pulumi up` against the emulator through both faces (the
// dynamic provider and the plugin, found through Pulumi.yaml's plugins.providers path to the executable
// the package ships), and `pulumi stack export` must give every resource of ours the sourcePosition of
// its own line in the program's index.ts, not a line of the package's classes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index";
import { summary } from "./example-stack";
import { installPacked, packRepository, stackOnEmulator } from "./install-packed";

/** The program, one declaration per line; each line's resource name says which line that is. */
const PROGRAM = [
  'import * as pulumi from "@pulumi/pulumi";',
  'import * as woodpecker from "pulumi-woodpecker";',
  'import * as plugin from "pulumi-woodpecker/plugin";',
  "",
  'new woodpecker.GlobalSecret("dynamic-secret", { name: "sp_dynamic", value: pulumi.secret("v"), events: ["push"] });',
  'new woodpecker.Agent("dynamic-agent", { name: "sp-dynamic" });',
  'new woodpecker.User("dynamic-user", { login: "sp-dynamic" });',
  'new woodpecker.GlobalRegistrySet("dynamic-registries", { registries: { "dyn.example.com": { username: "u", password: "p" } }, exclusive: false });',
  "",
  'new plugin.GlobalSecret("plugin-secret", { name: "sp_plugin", value: "v", events: ["push"] });',
  'new plugin.Agent("plugin-agent", { name: "sp-plugin" });',
  'new plugin.GlobalRegistry("plugin-registry", { address: "plug.example.com", username: "u", password: "p" });',
  'new plugin.GlobalSecretSet("plugin-secrets", { secrets: { sp_plugin_set: { value: "v", events: ["push"] } }, exclusive: false });',
  "",
];
const lineOf = (name: string) => PROGRAM.findIndex((line) => line.includes(`("${name}"`)) + 1;
const declared = PROGRAM.map((line) => /\("([a-z-]+)"/.exec(line)?.[1]).filter((name): name is string => !!name);

describe("source positions in state, from a program outside the repository", () => {
  const root = mkdtempSync(join(tmpdir(), "source-position-"));
  const program = join(root, "program");
  let emu: Emulator;
  let pulumi: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    const tarball = packRepository(root);
    execFileSync("mkdir", ["-p", program]);
    writeFileSync(join(program, "package.json"), JSON.stringify({ name: "source-position-test", private: true, main: "index.ts" }));
    writeFileSync(
      join(program, "Pulumi.yaml"),
      "name: source-position\nruntime: nodejs\nplugins:\n  providers:\n    - name: woodpecker\n      path: ./node_modules/pulumi-woodpecker/bin\n",
    );
    writeFileSync(join(program, "index.ts"), PROGRAM.join("\n"));
    installPacked(program, tarball);
    ({ emu, pulumi } = await stackOnEmulator(program, "sp"));
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("every resource of both faces records the line of index.ts that declares it", async () => {
    expect(summary(await pulumi("up", "--yes", "--skip-preview"))).toMatchObject({ create: declared.length + 1 }); // and the plugin's default provider
    const state = JSON.parse(await pulumi("stack", "export"));
    const ours = (state.deployment.resources as { type: string; urn: string; sourcePosition?: string }[]).filter(
      (r) => r.type.startsWith("pulumi-nodejs:dynamic/woodpecker:") || r.type.startsWith("woodpecker:index:"),
    );
    const positions = Object.fromEntries(ours.map((r) => [r.urn.split("::").pop()!, r.sourcePosition]));
    const expected = Object.fromEntries(declared.map((name) => [name, expect.stringMatching(new RegExp(`^project:///index\\.ts#${lineOf(name)}(,\\d+)?$`))]));
    expect(positions).toEqual(expected);
  });
});
