// What the Pulumi Kubernetes Operator runs for examples/kubernetes-operator/stack-program.yaml, without
// the cluster: the Program's `program` section written out as the operator writes it (Pulumi.yaml with
// the Program's name, `runtime: yaml` and the section's keys; programToProject in
// operator/internal/controller/pulumi/program_controller.go at v2.9.0), the Stack's config and secret
// config set, and the workspace's PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES pointing at a loopback server
// with the release archive of `npm run release`. Empty PULUMI_HOME, no plugins block, no node_modules:
// the real CLI downloads the plugin, then preview, up and destroy against the emulator.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi, findOrBuildYamlLanguageHost, pulumiWorkspace, summary, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { serveRelease, type ReleaseServer } from "./release-server";

const EXAMPLE = join(REPO_ROOT, "examples", "kubernetes-operator");
const manifest = (file: string) => parseAllDocuments(readFileSync(join(EXAMPLE, file), "utf8")).map((d) => d.toJS());
const program = manifest("program.yaml").find((d) => d.kind === "Program");
const stack = manifest("stack-program.yaml").find((d) => d.kind === "Stack");
const secrets = { npmToken: "operator-npm-canary-1d2e", sonarToken: "operator-sonar-canary-3f4a", registryPassword: "operator-registry-canary-5b6c" };

describe("the operator's Program run as Pulumi YAML by the real CLI, the plugin downloaded through the override", () => {
  const root = mkdtempSync(join(tmpdir(), "operator-program-"));
  const project = join(root, "project");
  let server: ReleaseServer;
  let emu: Emulator;
  let ws: PulumiWorkspace;
  let env: NodeJS.ProcessEnv;
  const pulumi = async (...args: string[]) => {
    const { stdout, stderr } = await ws.run([...args, "--stack", "prod", "--non-interactive"], project, env);
    return `${stdout}\n${stderr}`;
  };

  beforeAll(async () => {
    server = await serveRelease(join(root, "release"), { targets: [`linux-${process.arch === "arm64" ? "arm64" : "amd64"}`], python: false });

    mkdirSync(project);
    writeFileSync(join(project, "Pulumi.yaml"), stringify({ name: program.metadata.name, runtime: "yaml", ...program.program }));
    emu = await startEmulator({ port: 0, quiet: true });
    ws = pulumiWorkspace(await findOrBuildPulumi(), "operator-passphrase", [await findOrBuildYamlLanguageHost()]);
    // the Stack's envRefs value, with the project's releases replaced by the loopback server
    const override = stack.spec.envRefs.PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES.literal.value as string;
    env = { PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: override.replace(/=.*$/, `=${server.url}`) };
    delete ws.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
    await ws.run(["login", `file://${ws.backendDir}`], project);
    await ws.run(["stack", "init", "prod", "--non-interactive"], project);
    for (const [key, value] of Object.entries(stack.spec.config as Record<string, string>)) await pulumi("config", "set", key, value);
    await pulumi("config", "set", "woodpecker:server", emu.url);
    await pulumi("config", "set", "--secret", "woodpecker:token", emu.adminToken);
    for (const [key, value] of Object.entries(secrets)) await pulumi("config", "set", "--secret", key, value);
  });
  afterAll(async () => {
    await emu?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("preview downloads the plugin from the override's server into PULUMI_HOME and plans the example", async () => {
    expect(existsSync(join(ws.home, "plugins"))).toBe(false);
    const out = await pulumi("preview");
    expect(summary(out)).toEqual({ create: 9 }); // 8 resources and the stack
    expect(server.requests).toContain(
      `/pulumi-resource-woodpecker-v${program.program.resources.api.options.version}-linux-${process.arch === "arm64" ? "arm64" : "amd64"}.tar.gz`,
    );
    expect(readdirSync(join(ws.home, "plugins"))).toContain(`resource-woodpecker-v${program.program.resources.api.options.version}`);
  });

  it("up creates the org's repositories, secrets, registry and crons; secret config stays out of the output", async () => {
    const out = await pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toEqual({ create: 9 });
    for (const value of [...Object.values(secrets), emu.adminToken]) expect(out).not.toContain(value);
    const outputs = JSON.parse(await pulumi("stack", "output", "--json"));
    const get = async (path: string) => (await fetch(`${emu.url}/api${path}`, { headers: { Authorization: `Bearer ${emu.adminToken}` } })).json();
    expect((await get(`/orgs/${outputs.orgId}/secrets`)).map((s: { name: string }) => s.name).sort()).toEqual(["npm_token", "sonar_token"]);
    expect((await get(`/orgs/${outputs.orgId}/registries`)).map((r: { address: string }) => r.address)).toEqual([stack.spec.config.registryHost]);
    expect((await get(`/repos/${outputs.apiRepositoryId}/cron`)).map((c: { name: string }) => c.name)).toEqual(["nightly"]);
    expect(summary(await pulumi("preview", "--expect-no-changes"))).toEqual({ same: 9 });
  });

  it("destroy removes everything it created", async () => {
    const outputs = JSON.parse(await pulumi("stack", "output", "--json"));
    expect(summary(await pulumi("destroy", "--yes", "--skip-preview"))).toEqual({ delete: 9 });
    const res = await fetch(`${emu.url}/api/orgs/${outputs.orgId}/secrets`, { headers: { Authorization: `Bearer ${emu.adminToken}` } });
    expect(res.status === 404 || (await res.json()).length === 0).toBe(true);
  });
});
