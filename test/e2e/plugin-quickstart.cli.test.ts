// examples/plugin-quickstart run by the REAL Pulumi CLI through the native provider plugin
// (`pulumi-resource-woodpecker`, found through Pulumi.yaml's plugins.providers path) against the
// emulator: preview, up, refresh with no drift, an update plus a replacement, an out-of-band delete,
// a second server through an explicit provider, the state export checked for tokens and secret
// values and for its size, destroy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const secrets = {
  deployToken: "pq-deploy-6b2d1f0e-plaintext-canary",
  slackWebhook: "https://hooks.slack.example/pq-canary-19ae",
  registryPassword: "pq-registry-pw-4c7a-canary",
  rotated: "pq-deploy-rotated-88d1-canary",
};

describe("examples/plugin-quickstart with the real CLI through the plugin", () => {
  let s: ExampleStack;
  let staging: Emulator;
  let repoId: number;

  beforeAll(async () => {
    s = await exampleStack("plugin-quickstart");
    staging = await startEmulator({ port: 0, quiet: true });
    await s.pulumi("config", "set", "--secret", "deployToken", secrets.deployToken);
    await s.pulumi("config", "set", "--secret", "slackWebhook", secrets.slackWebhook);
    await s.pulumi("config", "set", "--secret", "registryPassword", secrets.registryPassword);
  });
  afterAll(async () => {
    await s?.dispose();
    await staging?.close();
  });

  const managed = async () => {
    const state = JSON.parse(await s.exportText());
    return state.deployment.resources.filter((r: { type: string }) => r.type.startsWith("woodpecker:index:"));
  };

  it("preview plans the repository, two secrets, a registry and a cron under woodpecker:index tokens", async () => {
    const out = await s.pulumi("preview");
    expect(summary(out)).toMatchObject({ create: 6 });
    expect(out).toContain("woodpecker:index:RepositorySecret");
    expect(await s.api("GET", "/repos")).toEqual([]);
  });

  it("up creates them on the server", async () => {
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toMatchObject({ create: 6 });
    repoId = (await s.outputs()).repositoryId;
    expect(await s.api("GET", `/repos/${repoId}`)).toMatchObject({ full_name: "acme/api", visibility: "private", timeout: 30, active: true });
    expect((await s.api("GET", `/repos/${repoId}/secrets`)).map((x: { name: string }) => x.name)).toEqual(["deploy_token", "slack_webhook"]);
    expect((await s.api("GET", `/repos/${repoId}/registries`)).map((x: { address: string }) => x.address)).toEqual(["ghcr.io"]);
    expect(await s.api("GET", `/repos/${repoId}/cron`)).toMatchObject([{ name: "nightly", enabled: true, timezone: "Europe/Berlin" }]);
  });

  it("keeps a RepositorySecret in at most 1 KB of state", async () => {
    const secret = (await managed()).find((r: { type: string }) => r.type === "woodpecker:index:RepositorySecret");
    const bytes = Buffer.byteLength(JSON.stringify({ inputs: secret.inputs, outputs: secret.outputs }));
    expect(bytes).toBeLessThanOrEqual(1024);
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

  it("a cron deleted outside Pulumi is found by refresh and recreated by up", async () => {
    const [cron] = await s.api("GET", `/repos/${repoId}/cron`);
    await s.api("DELETE", `/repos/${repoId}/cron/${cron.id}`);
    expect(summary(await s.pulumi("refresh", "--yes", "--skip-preview"))).toMatchObject({ delete: 1 });
    expect(summary(await s.pulumi("up", "--yes", "--skip-preview"))).toMatchObject({ create: 1 });
    expect(await s.api("GET", `/repos/${repoId}/cron`)).toMatchObject([{ name: "nightly" }]);
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
    expect((await s.api("GET", `/repos/${repoId}`)).require_approval).toBe("forks");
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("the state export holds no token and the secret values only encrypted", async () => {
    const exported = await s.exportText();
    expect(leaks(exported, s.emu.adminToken, Object.values(secrets))).toEqual([]);
    expect(leaks(exported, staging.adminToken, [])).toEqual([]);
    const state = JSON.parse(exported);
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
