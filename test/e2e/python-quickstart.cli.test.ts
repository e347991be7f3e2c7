// examples/python-quickstart (the Python twin of examples/plugin-quickstart, on the generated SDK
// pulumi_woodpecker) run by the REAL Pulumi CLI through the Python language host and the native
// provider plugin against the emulator: preview, up, refresh with no drift, an update plus a
// replacement, a second server through an explicit provider, the state export checked for tokens and
// secret values, destroy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { pythonProgramEnv } from "../../scripts/e2e/pulumi-cli";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const secrets = {
  deployToken: "py-deploy-3e9a1c07-plaintext-canary",
  slackWebhook: "https://hooks.slack.example/py-canary-5d21",
  registryPassword: "py-registry-pw-71bf-canary",
  rotated: "py-deploy-rotated-0c4e-canary",
};

describe("examples/python-quickstart with the real CLI, the Python language host and the plugin", () => {
  let s: ExampleStack;
  let staging: Emulator;
  let repoId: number;

  beforeAll(async () => {
    s = await exampleStack("python-quickstart", { env: await pythonProgramEnv() });
    staging = await startEmulator({ port: 0, quiet: true });
    await s.pulumi("config", "set", "--secret", "deployToken", secrets.deployToken);
    await s.pulumi("config", "set", "--secret", "slackWebhook", secrets.slackWebhook);
    await s.pulumi("config", "set", "--secret", "registryPassword", secrets.registryPassword);
  });
  afterAll(async () => {
    await s?.dispose();
    await staging?.close();
  });

  it("preview plans the repository, two secrets, a registry and a cron under woodpecker:index tokens", async () => {
    const out = await s.pulumi("preview");
    expect(summary(out)).toMatchObject({ create: 6 }); // the stack and five resources
    expect(out).toContain("woodpecker:index:RepositoryCron");
    expect(await s.api("GET", "/repos")).toEqual([]);
  });

  it("up creates them on the server and exports the outputs", async () => {
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toMatchObject({ create: 6 });
    const outputs = await s.outputs();
    repoId = outputs.repositoryId;
    expect(Number.isInteger(repoId)).toBe(true);
    expect(await s.api("GET", `/repos/${repoId}`)).toMatchObject({
      full_name: "acme/api",
      visibility: "private",
      require_approval: "forks",
      timeout: 30,
      active: true,
    });
    const onServer = await s.api("GET", `/repos/${repoId}/secrets`);
    // the server keeps events sorted
    expect(onServer.map((x: { name: string; events: string[] }) => [x.name, x.events])).toEqual([
      ["deploy_token", ["deployment", "push", "tag"]],
      ["slack_webhook", ["cron", "push"]],
    ]);
    expect((await s.api("GET", `/repos/${repoId}/registries`)).map((x: { address: string }) => x.address)).toEqual(["ghcr.io"]);
    expect(await s.api("GET", `/repos/${repoId}/cron`)).toMatchObject([{ name: "nightly", schedule: "0 3 * * *", enabled: true, timezone: "Europe/Berlin" }]);
    // 03:00 in Berlin, in UTC (CET or CEST), formatted by the program's apply
    expect(outputs.nextNightlyRun).toMatch(/^\d{4}-\d\d-\d\dT0[12]:00:00Z$/);
    expect(Date.parse(outputs.nextNightlyRun)).toBeGreaterThan(Date.now());
    expect(outputs.repositoryUrl).toContain("acme/api");
  });

  it("refresh finds no drift and preview --expect-no-changes passes", async () => {
    await s.pulumi("refresh", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("a rotated secret updates in place and a new registry host replaces the registry", async () => {
    await s.pulumi("config", "set", "--secret", "deployToken", secrets.rotated);
    await s.pulumi("config", "set", "registry", "registry.example.com");
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toMatchObject({ update: 1, replace: 1 });
    expect((await s.api("GET", `/repos/${repoId}/registries`)).map((x: { address: string }) => x.address)).toEqual(["registry.example.com"]);
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("a second server through an explicit provider gets its own objects", async () => {
    await s.pulumi("config", "set", "stagingServer", staging.url);
    await s.pulumi("config", "set", "--secret", "stagingToken", staging.adminToken);
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toMatchObject({ create: 3 }); // the provider, a repository and a secret
    const stagingId = (await s.outputs()).stagingRepository;
    const onStaging = await fetch(`${staging.url}/api/repos/${stagingId}/secrets`, { headers: { Authorization: `Bearer ${staging.adminToken}` } });
    expect((await onStaging.json()).map((x: { name: string; events: string[] }) => [x.name, x.events])).toEqual([["deploy_token", ["deployment"]]]);
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("the state export holds no token and the secret values only encrypted", async () => {
    const exported = await s.exportText();
    expect(leaks(exported, s.emu.adminToken, Object.values(secrets))).toEqual([]);
    expect(leaks(exported, staging.adminToken, [])).toEqual([]);
    const state = JSON.parse(exported);
    const secret = state.deployment.resources.find(
      (r: { type: string; urn: string }) => r.type === "woodpecker:index:RepositorySecret" && r.urn.endsWith("::deploy-token"),
    );
    expect(JSON.stringify(secret.inputs.value)).toContain("ciphertext");
    const provider = state.deployment.resources.find(
      (r: { type: string; urn: string }) => r.type === "pulumi:providers:woodpecker" && r.urn.endsWith("::staging"),
    );
    expect(JSON.stringify(provider.inputs.token)).toContain("ciphertext");
  });

  it("destroy removes everything it made", async () => {
    const out = await s.pulumi("destroy", "--yes", "--skip-preview");
    expect(summary(out).delete).toBeGreaterThanOrEqual(8);
    expect((await s.api("GET", `/repos/${repoId}`)).active).toBe(false);
    expect(await s.api("GET", `/repos/${repoId}/secrets`)).toBeNull();
    expect(await s.api("GET", `/repos/${repoId}/cron`)).toBeNull();
  });
});
