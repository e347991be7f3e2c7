// examples/quickstart run by the REAL Pulumi CLI against the emulator: preview, up, refresh with no
// drift, an update plus a replacement from config, a cron deleted outside Pulumi brought back by
// refresh + up, the state export checked for the token and secret values, destroy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const secrets = {
  deployToken: "qs-deploy-7c1f2e9a-plaintext-canary",
  slackWebhook: "https://hooks.slack.example/qs-canary-55b0",
  registryPassword: "qs-registry-pw-d41d8cd9-canary",
  rotated: "qs-deploy-rotated-0f3a-canary",
};

describe("examples/quickstart with the real CLI against the emulator", () => {
  let s: ExampleStack;
  let repoId: number;

  beforeAll(async () => {
    s = await exampleStack("quickstart");
    await s.pulumi("config", "set", "--secret", "deployToken", secrets.deployToken);
    await s.pulumi("config", "set", "--secret", "slackWebhook", secrets.slackWebhook);
    await s.pulumi("config", "set", "--secret", "registryPassword", secrets.registryPassword);
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it("preview plans the repository, two secrets, a registry and a cron", async () => {
    const out = await s.pulumi("preview");
    expect(summary(out)).toEqual({ create: 6 });
    expect(await s.api("GET", "/repos")).toEqual([]);
  });

  it("up creates them on the server", async () => {
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toEqual({ create: 6 });
    const outputs = await s.outputs();
    repoId = outputs.repositoryId;
    expect(outputs).toMatchObject({ repositoryId: expect.any(Number), repositoryUrl: expect.stringContaining("acme/api") });
    const repo = await s.api("GET", `/repos/${repoId}`);
    expect(repo).toMatchObject({ full_name: "acme/api", visibility: "private", timeout: 30, active: true });
    expect((await s.api("GET", `/repos/${repoId}/secrets`)).map((x: { name: string }) => x.name)).toEqual(["deploy_token", "slack_webhook"]);
    expect((await s.api("GET", `/repos/${repoId}/registries`)).map((x: { address: string }) => x.address)).toEqual(["ghcr.io"]);
    expect(await s.api("GET", `/repos/${repoId}/cron`)).toMatchObject([{ name: "nightly", enabled: true, timezone: "Europe/Berlin" }]);
  });

  it("refresh finds no drift and preview --expect-no-changes passes", async () => {
    await s.pulumi("refresh", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("a rotated secret updates in place and a new registry host replaces the registry", async () => {
    await s.pulumi("config", "set", "--secret", "deployToken", secrets.rotated);
    await s.pulumi("config", "set", "registry", "registry.example.com");
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toEqual({ update: 1, replace: 1, same: 4 });
    expect((await s.api("GET", `/repos/${repoId}/registries`)).map((x: { address: string }) => x.address)).toEqual(["registry.example.com"]);
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("a cron deleted outside Pulumi is found by refresh and recreated by up", async () => {
    const [cron] = await s.api("GET", `/repos/${repoId}/cron`);
    await s.api("DELETE", `/repos/${repoId}/cron/${cron.id}`);
    const refreshed = await s.pulumi("refresh", "--yes", "--skip-preview");
    expect(summary(refreshed)).toMatchObject({ delete: 1 });
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toEqual({ create: 1, same: 5 });
    expect(await s.api("GET", `/repos/${repoId}/cron`)).toMatchObject([{ name: "nightly" }]);
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("the state export holds no token and the secret values only encrypted", async () => {
    const exported = await s.exportText();
    expect(leaks(exported, s.emu.adminToken, Object.values(secrets))).toEqual([]);
    const state = JSON.parse(exported);
    const managed = state.deployment.resources.filter((r: { type: string }) => !r.type.startsWith("pulumi:"));
    expect(managed).toHaveLength(5);
    // the three secret values are in state, encrypted
    const secretsInState = JSON.stringify(managed).match(/"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext"/g) ?? [];
    expect(secretsInState.length).toBeGreaterThanOrEqual(3);
  });

  it("destroy removes everything it made", async () => {
    const out = await s.pulumi("destroy", "--yes", "--skip-preview");
    expect(summary(out)).toMatchObject({ delete: 6 });
    expect((await s.api("GET", `/repos/${repoId}`)).active).toBe(false);
    expect(await s.api("GET", `/repos/${repoId}/secrets`)).toBeNull();
    expect(await s.api("GET", `/repos/${repoId}/cron`)).toBeNull();
  });
});
