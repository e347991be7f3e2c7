// examples/gitops-yaml run by the REAL Pulumi CLI with the Pulumi YAML language host (built by
// scripts/e2e/build-yaml.sh) through the provider plugin, gated by the policy pack: a violating
// preview, preview and up with the pack, refresh without changes, a change, an org secret deleted
// outside Pulumi brought back, the state export checked, destroy.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePolicyPack } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const secrets = { npmToken: "yaml-npm-canary-5e21", sonarToken: "yaml-sonar-canary-77b0", registryPassword: "yaml-registry-canary-0c9d" };
const rotated = "yaml-npm-rotated-canary-a4f3";

describe("examples/gitops-yaml with the real CLI, Pulumi YAML and the policy pack against the emulator", () => {
  let s: ExampleStack;
  let pack: string;
  let orgId: number;
  const withPack = () => ["--policy-pack", pack, "--policy-pack-config", "policy-config.json"];
  const stored = async (name: string) =>
    (await s.control("GET", "state")).secrets.find((x: { name: string; org_id: number }) => x.name === name && x.org_id === orgId);

  beforeAll(async () => {
    s = await exampleStack("gitops-yaml", { yaml: true });
    pack = preparePolicyPack(s.ws.binDir, join(REPO_ROOT, "policy"));
    for (const [key, value] of Object.entries(secrets)) await s.pulumi("config", "set", "--secret", key, value);
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it("a registry host outside the allow-list fails preview with the pack", async () => {
    await s.pulumi("config", "set", "registryHost", "registry.untrusted.example");
    try {
      const r = await s.attempt("preview", ...withPack());
      expect(r.ok, r.output).toBe(false);
      expect(r.output).toContain("woodpecker-registry-hosts");
      expect(r.output).toContain("mandatory");
      expect(leaks(r.output, s.emu.adminToken, Object.values(secrets))).toEqual([]);
    } finally {
      await s.pulumi("config", "rm", "registryHost");
    }
  });

  it("preview and up with the pack create the repositories, org secrets, registry and crons", async () => {
    expect(summary(await s.pulumi("preview", ...withPack()))).toEqual({ create: 9 }); // 8 resources and the stack
    const out = await s.pulumi("up", "--yes", "--skip-preview", ...withPack());
    expect(summary(out)).toEqual({ create: 9 });
    const outputs = await s.outputs();
    orgId = outputs.orgId;
    expect((await s.api("GET", `/orgs/${orgId}/secrets`)).map((x: { name: string }) => x.name).sort()).toEqual(["npm_token", "sonar_token"]);
    expect((await s.api("GET", `/orgs/${orgId}/registries`)).map((x: { address: string }) => x.address)).toEqual(["ghcr.io"]);
    expect((await s.api("GET", `/repos/${outputs.apiRepositoryId}`)).timeout).toBe(30);
    expect((await s.api("GET", `/repos/${outputs.apiRepositoryId}/cron`)).map((c: { name: string; timezone: string }) => [c.name, c.timezone])).toEqual([
      ["nightly", "Europe/Berlin"],
    ]);
    expect((await s.api("GET", `/repos/${outputs.webRepositoryId}/cron`)).map((c: { branch: string }) => c.branch)).toEqual(["staging"]);
    expect((await stored("npm_token")).value).toBe(secrets.npmToken);
  });

  it("refresh finds no changes and preview --expect-no-changes passes", async () => {
    await s.pulumi("refresh", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes", ...withPack());
  });

  it("a changed secret value in config updates that secret only", async () => {
    await s.pulumi("config", "set", "--secret", "npmToken", rotated);
    const out = await s.pulumi("up", "--yes", "--skip-preview", ...withPack());
    expect(summary(out)).toMatchObject({ update: 1, same: 8 });
    expect((await stored("npm_token")).value).toBe(rotated);
  });

  it("an org secret deleted outside Pulumi is dropped by refresh and recreated by up", async () => {
    await s.api("DELETE", `/orgs/${orgId}/secrets/sonar_token`);
    await s.pulumi("refresh", "--yes", "--skip-preview");
    const out = await s.pulumi("up", "--yes", "--skip-preview", ...withPack());
    expect(summary(out)).toMatchObject({ create: 1 });
    expect((await stored("sonar_token")).value).toBe(secrets.sonarToken);
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("the exported state holds no token and no secret in plain text", async () => {
    const exported = await s.exportText();
    expect(exported).toContain("woodpecker:index:OrgSecret");
    expect(leaks(exported, s.emu.adminToken, [...Object.values(secrets), rotated])).toEqual([]);
  });

  it("destroy deletes the org secrets, the registry and the crons, and deactivates the repositories", async () => {
    const { apiRepositoryId } = await s.outputs();
    await s.pulumi("destroy", "--yes", "--skip-preview");
    expect((await s.api("GET", `/orgs/${orgId}/secrets`)) ?? []).toEqual([]);
    expect((await s.api("GET", `/orgs/${orgId}/registries`)) ?? []).toEqual([]);
    expect((await s.api("GET", `/repos/${apiRepositoryId}/cron`)) ?? []).toEqual([]);
    expect((await s.api("GET", `/repos/${apiRepositoryId}`)).active).toBe(false);
  });
});
