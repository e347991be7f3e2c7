// examples/plugin-import run by the REAL Pulumi CLI through the plugin: objects made by hand on the
// emulator are taken over with `pulumi import` (one by ID, the rest with --file); the first `up`
// then changes only the write-only values, and afterwards nothing. A malformed ID is refused with
// the expected format named.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const values = { deployToken: "imp-deploy-3f9e-canary", registryPassword: "imp-registry-77aa-canary", sharedToken: "imp-shared-0c41-canary" };

describe("examples/plugin-import with the real CLI: pulumi import through the plugin", () => {
  let s: ExampleStack;
  let repoId: number;
  let cronId: number;
  let before: Record<string, unknown>;
  const snapshot = async () => ({
    secret: await s.api("GET", `/repos/${repoId}/secrets/deploy_token`),
    registry: await s.api("GET", `/repos/${repoId}/registries/ghcr.io`),
    cron: await s.api("GET", `/repos/${repoId}/cron/${cronId}`),
    global: await s.api("GET", "/secrets/shared_token"),
  });

  beforeAll(async () => {
    s = await exampleStack("plugin-import");
    repoId = (await s.api("POST", "/repos?forge_remote_id=101")).id;
    await s.api("POST", `/repos/${repoId}/secrets`, { name: "deploy_token", value: "old-value", events: ["push", "tag"] });
    await s.api("POST", `/repos/${repoId}/registries`, { address: "ghcr.io", username: "ci-bot", password: "old-password" });
    cronId = (await s.api("POST", `/repos/${repoId}/cron`, { name: "nightly", schedule: "0 3 * * *", enabled: true, timezone: "UTC" })).id;
    await s.api("POST", "/secrets", { name: "shared_token", value: "old-shared", events: ["push"] });
    before = await snapshot();
    await s.pulumi("config", "set", "repositoryId", String(repoId));
    for (const [key, value] of Object.entries(values)) await s.pulumi("config", "set", "--secret", key, value);
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it("a malformed ID is refused with the expected format named", async () => {
    const result = await s.attempt("import", "woodpecker:index:RepositorySecret", "deploy", "not-an-id", "--yes", "--generate-code=false", "--protect=false");
    expect(result.ok).toBe(false);
    expect(result.output).toContain("<repositoryId>/<name>");
  });

  it("imports one resource by ID and the rest from a file, changing nothing on the server", async () => {
    await s.pulumi("import", "woodpecker:index:RepositorySecret", "deploy", `${repoId}/deploy_token`, "--yes", "--generate-code=false", "--protect=false");
    const file = join(s.dir, `import-${s.stack}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        resources: [
          { type: "woodpecker:index:RepositoryRegistry", name: "registry", id: `${repoId}/ghcr.io` },
          { type: "woodpecker:index:RepositoryCron", name: "nightly", id: `${repoId}/${cronId}` },
          { type: "woodpecker:index:GlobalSecret", name: "shared", id: "shared_token" },
        ],
      }),
    );
    try {
      await s.pulumi("import", "--file", file, "--yes", "--generate-code=false", "--protect=false");
    } finally {
      (await import("node:fs")).rmSync(file, { force: true });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("the first up sends only the write-only values; then there are no changes", async () => {
    const preview = await s.pulumi("preview", "--diff");
    expect(summary(preview)).toMatchObject({ update: 3, same: 2 }); // the secret values and the registry password
    expect(preview).not.toMatch(/[+-] *(events|username|schedule|name)\b/);
    await s.pulumi("up", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes");
    const state = await s.exportText();
    expect(leaks(state, s.emu.adminToken, Object.values(values))).toEqual([]);
    const stored = await s.control("GET", "state");
    expect(stored.secrets.find((x: { name: string }) => x.name === "deploy_token").value).toBe(values.deployToken);
  });

  it("destroy deletes the imported objects", async () => {
    await s.pulumi("destroy", "--yes", "--skip-preview");
    expect(await s.api("GET", `/repos/${repoId}/secrets`)).toBeNull();
    expect(await s.api("GET", "/secrets")).toEqual([]);
  });
});
