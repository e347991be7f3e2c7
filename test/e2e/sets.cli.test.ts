// A RepositorySecretSet run by the REAL Pulumi CLI through the provider plugin against the emulator:
// a first `up` refused on a scope holding an undeclared secret, then created with exclusive: false;
// switched to exclusive, the preview names the stray as a deletion under its key and `up` deletes
// it; a changed entry shows as `secrets["…"].events`; refresh and a no-change preview; destroy.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsPluginProject } from "./js-plugin-project";
import { exampleStack, leaks, summary, type ExampleStack } from "./example-stack";

const VALUE = "sets-deploy-canary-51c0";

function project(): string {
  return jsPluginProject(
    "e2e-sets",
    `const pulumi = require("@pulumi/pulumi");
const woodpecker = require("pulumi-woodpecker/plugin");
const config = new pulumi.Config();
const repo = new woodpecker.Repository("api", { fullName: "acme/api" });
const secrets = { deploy_token: { value: config.requireSecret("deployToken"), events: config.requireObject("events") }, npm: { value: "n", events: ["tag"] } };
new woodpecker.RepositorySecretSet("api-secrets", { repositoryId: repo.repositoryId, exclusive: config.requireBoolean("exclusive"), secrets });
exports.repositoryId = repo.repositoryId;
`,
  );
}

describe("RepositorySecretSet with the real CLI through the plugin", () => {
  let s: ExampleStack;
  let dir: string;
  let repoId: number;
  // The server answers a repository without secrets with null, not [] (pinned: test/conformance/cases.ts, "empty lists: null for repo secrets").
  const names = async () => ((await s.api("GET", `/repos/${repoId}/secrets`)) ?? []).map((x: { name: string }) => x.name).sort();

  beforeAll(async () => {
    dir = project();
    s = await exampleStack(dir);
    await s.pulumi("config", "set", "--secret", "deployToken", VALUE);
    await s.pulumi("config", "set", "events", '["push"]');
    await s.pulumi("config", "set", "exclusive", "true");
  });
  afterAll(async () => {
    await s?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a first up on a repository that holds an undeclared secret, writing nothing", async () => {
    // The repository first, then a secret made by hand.
    await s.pulumi("up", "--yes", "--skip-preview", "--target", "urn:pulumi:" + s.stack + "::e2e-sets::woodpecker:index:Repository::api");
    repoId = (await s.outputs()).repositoryId;
    await s.api("POST", `/repos/${repoId}/secrets`, { name: "by_hand", value: "x", events: ["push"] });
    const refused = await s.attempt("up", "--yes", "--skip-preview");
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/already holds 1 entry the set does not declare: "by_hand"\. Nothing was written/);
    expect(await names()).toEqual(["by_hand"]);
  });

  it("exclusive: false manages only the declared entries", async () => {
    await s.pulumi("config", "set", "exclusive", "false");
    expect(summary(await s.pulumi("up", "--yes", "--skip-preview"))).toMatchObject({ create: 1 });
    expect(await names()).toEqual(["by_hand", "deploy_token", "npm"]);
    expect(leaks(await s.exportText(), s.emu.adminToken, [VALUE])).toEqual([]);
  });

  it("made exclusive, the preview names the stray as a deletion and each changed field by entry path; up deletes it", async () => {
    await s.pulumi("config", "set", "exclusive", "true");
    await s.pulumi("config", "set", "events", '["push","tag"]');
    const preview = await s.pulumi("preview", "--diff");
    expect(preview).toMatch(/-\s+by_hand\s*:/); // the CLI pads keys to align the colons
    expect(preview).toMatch(/deploy_token/);
    expect(preview).toMatch(/events/);
    expect(summary(preview)).toMatchObject({ update: 1 });
    expect(summary(await s.pulumi("up", "--yes", "--skip-preview"))).toMatchObject({ update: 1 });
    expect(await names()).toEqual(["deploy_token", "npm"]);
    expect(await s.api("GET", `/repos/${repoId}/secrets/deploy_token`)).toMatchObject({ events: ["push", "tag"] });
  });

  it("refresh finds no drift, a stray made later shows in refresh, and destroy removes the entries", async () => {
    await s.pulumi("refresh", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes");
    await s.api("POST", `/repos/${repoId}/secrets`, { name: "late", value: "x", events: ["push"] });
    expect(summary(await s.pulumi("refresh", "--yes", "--skip-preview"))).toMatchObject({ update: 1 });
    expect(summary(await s.pulumi("up", "--yes", "--skip-preview"))).toMatchObject({ update: 1 });
    expect(await names()).toEqual(["deploy_token", "npm"]);
    expect(summary(await s.pulumi("destroy", "--yes", "--skip-preview"))).toMatchObject({ delete: 3 });
    expect(await names()).toEqual([]);
  });
});
