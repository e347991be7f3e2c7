// examples/org-provisioning run by the REAL Pulumi CLI against the emulator, gated by the policy pack:
// a passing and a violating preview, up, refresh with no drift, an update plus a replacement, an org
// secret deleted outside Pulumi brought back by refresh + up, the state export checked, destroy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { preparePolicyPack } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const secrets: Record<string, string> = {
  ghcrPassword: "org-ghcr-pw-canary-91ab",
  dockerHubPassword: "org-dockerhub-pw-canary-22cd",
  sonarToken: "org-sonar-token-canary-33ef",
  webDeployKey: "org-web-deploy-key-canary-4401",
  infraTerraformToken: "org-infra-tf-token-canary-5523",
  // only org.violating.yaml names these
  npmToken: "org-npm-token-canary-6645",
  webSonarToken: "org-web-sonar-canary-7767",
};
const rotatedSonar = "org-sonar-token-rotated-canary-8889";

const mandatory = [
  "woodpecker-admin-allow-list",
  "woodpecker-registry-hosts",
  "woodpecker-secret-pull-request-images",
  "woodpecker-repository-fork-approval",
  "woodpecker-trusted-repositories",
];

describe("examples/org-provisioning with the real CLI and the policy pack against the emulator", () => {
  let s: ExampleStack;
  let pack: string;
  let tmp: string;
  let orgId: number;
  const withPack = () => ["--policy-pack", pack, "--policy-pack-config", "policy-config.json"];

  beforeAll(async () => {
    s = await exampleStack("org-provisioning");
    pack = preparePolicyPack(s.ws.binDir, join(REPO_ROOT, "policy"));
    tmp = mkdtempSync(join(tmpdir(), "org-provisioning-e2e-"));
    for (const [key, value] of Object.entries(secrets)) await s.pulumi("config", "set", "--secret", key, value);
  });
  afterAll(async () => {
    await s?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("the violating configuration fails preview with the mandatory policies named", async () => {
    await s.pulumi("config", "set", "orgFile", "org.violating.yaml");
    try {
      const r = await s.attempt("preview", ...withPack());
      expect(r.ok, r.output).toBe(false);
      for (const policy of mandatory) expect(r.output).toContain(policy);
      expect(r.output).toMatch(/mandatory/);
      expect(leaks(r.output, s.emu.adminToken, Object.values(secrets))).toEqual([]);
    } finally {
      await s.pulumi("config", "rm", "orgFile");
    }
  });

  it("the passing configuration previews cleanly with the pack", async () => {
    const out = await s.pulumi("preview", ...withPack());
    expect(summary(out)).toEqual({ create: 13 });
    for (const policy of mandatory) expect(out).not.toContain(`[mandatory]  ${policy}`);
  });

  it("up with the pack creates the org, its repositories, secrets, registries, agents and admin", async () => {
    const out = await s.pulumi("up", "--yes", "--skip-preview", ...withPack());
    expect(summary(out)).toEqual({ create: 13 });
    const outputs = await s.outputs();
    orgId = outputs.orgId;
    expect(Object.keys(outputs.repositories).sort()).toEqual(["acme/infra", "acme/web"]);
    expect((await s.api("GET", `/orgs/${orgId}/secrets`)).map((x: { name: string }) => x.name)).toEqual(["sonar_token"]);
    expect((await s.api("GET", `/orgs/${orgId}/registries`)).map((x: { address: string }) => x.address)).toEqual(["ghcr.io"]);
    expect((await s.api("GET", `/orgs/${orgId}/agents`)).map((x: { name: string }) => x.name).sort()).toEqual(["acme-runner-1", "acme-runner-2"]);
  });

  it("refresh finds no drift and preview --expect-no-changes passes", async () => {
    await s.pulumi("refresh", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes", ...withPack());
  });

  it("a cron given a branch updates; a rotated secret updates and the branch removed again replaces the cron", async () => {
    // an org file elsewhere: orgFile may be absolute
    const withBranch = readFileSync(join(s.dir, "org.yaml"), "utf8").replace("timezone: Europe/Berlin", "timezone: Europe/Berlin\n        branch: staging");
    const file = join(tmp, "org.staging.yaml");
    writeFileSync(file, withBranch);
    await s.pulumi("config", "set", "orgFile", file);
    expect(summary(await s.pulumi("up", "--yes", "--skip-preview", ...withPack()))).toEqual({ update: 1, same: 12 });
    const webId = (await s.outputs()).repositories["acme/web"];
    expect(await s.api("GET", `/repos/${webId}/cron`)).toMatchObject([{ name: "nightly", branch: "staging" }]);

    await s.pulumi("config", "rm", "orgFile");
    await s.pulumi("config", "set", "--secret", "sonarToken", rotatedSonar);
    const out = await s.pulumi("up", "--yes", "--skip-preview", ...withPack());
    // the server cannot clear a cron's branch: replaced; the org secret's new value: updated in place
    expect(summary(out)).toEqual({ update: 1, replace: 1, same: 11 });
    expect(await s.api("GET", `/repos/${webId}/cron`)).toMatchObject([{ name: "nightly", branch: "" }]);
    await s.pulumi("preview", "--expect-no-changes", ...withPack());
  });

  it("an org secret deleted outside Pulumi is found by refresh and recreated by up", async () => {
    await s.api("DELETE", `/orgs/${orgId}/secrets/sonar_token`);
    expect(summary(await s.pulumi("refresh", "--yes", "--skip-preview"))).toMatchObject({ delete: 1 });
    expect(summary(await s.pulumi("up", "--yes", "--skip-preview", ...withPack()))).toEqual({ create: 1, same: 12 });
    expect((await s.api("GET", `/orgs/${orgId}/secrets`)).map((x: { name: string }) => x.name)).toEqual(["sonar_token"]);
  });

  it("the state export holds no token and the secret values only encrypted", async () => {
    const exported = await s.exportText();
    expect(leaks(exported, s.emu.adminToken, [...Object.values(secrets), rotatedSonar])).toEqual([]);
    expect(exported).toContain('"ciphertext"');
  });

  it("destroy removes what it made", async () => {
    const out = await s.pulumi("destroy", "--yes", "--skip-preview");
    expect(summary(out)).toMatchObject({ delete: 13 });
    expect(await s.api("GET", `/orgs/${orgId}/agents`)).toBeNull();
    expect(await s.api("GET", "/registries")).toEqual([]);
    expect(await s.api("GET", `/orgs/${orgId}/registries`)).toEqual([]);
  });
});
