// A RepositorySecretSet of 400 entries run by the REAL Pulumi CLI through the plugin while the
// emulator fails a share of the entry writes (503 before acting; the answer dropped after acting).
// The failed create carries its partial state in the gRPC trailers, here about 250 KB, which the
// engine's own client (grpc-go) reads: the stack then records exactly the secrets the server holds,
// and a plain rerun creates only the rest, with no duplicate and nothing lost.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsPluginProject } from "./js-plugin-project";
import { exampleStack, type ExampleStack } from "./example-stack";

const ENTRIES = 400;

function project(): string {
  return jsPluginProject(
    "e2e-set-faults",
    `const woodpecker = require("pulumi-woodpecker/plugin");
const repo = new woodpecker.Repository("api", { fullName: "acme/api" });
const secrets = {};
for (let i = 0; i < ${ENTRIES}; i++)
  secrets["secret_" + String(i).padStart(3, "0")] = { value: "value-" + i, events: ["push", "tag"], images: ["alpine"], note: "secret number " + i };
new woodpecker.RepositorySecretSet("many", { repositoryId: repo.repositoryId, secrets });
exports.repositoryId = repo.repositoryId;
`,
  );
}

describe(`a ${ENTRIES}-entry set under failing writes, with the real CLI`, () => {
  let s: ExampleStack;
  let dir: string;
  let repoId: number;
  /** The repository's secrets as the emulator stores them (the API pages by 50 and hides values). */
  const stored = async () => {
    const state = await s.control("GET", "state");
    const rows = (Array.isArray(state.secrets) ? state.secrets : Object.values(state.secrets)) as { repo_id: number; name: string; value: string }[];
    return rows.filter((row) => row.repo_id === repoId);
  };
  const recorded = async () => {
    const deployment = JSON.parse(await s.exportText()).deployment;
    const set = deployment.resources.find((r: { type: string }) => r.type === "woodpecker:index:RepositorySecretSet");
    return { names: Object.keys(set?.outputs?.secrets ?? {}).sort(), pending: deployment.pending_operations ?? [] };
  };

  beforeAll(async () => {
    dir = project();
    s = await exampleStack(dir);
    await s.pulumi("up", "--yes", "--skip-preview", "--target", `urn:pulumi:${s.stack}::e2e-set-faults::woodpecker:index:Repository::api`);
    repoId = (await s.outputs()).repositoryId;
  });
  afterAll(async () => {
    await s?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the failed up records exactly what the server holds; the rerun creates only the rest", async () => {
    await s.control("POST", "faults", {
      rules: [
        { method: "POST", path: "/secrets$", status: 503, rate: 0.15 },
        { method: "POST", path: "/secrets$", drop: "after", rate: 0.05 },
      ],
      seed: 7,
    });
    await expect(s.pulumi("up", "--yes", "--skip-preview")).rejects.toThrow(/entry writes failed/);
    await s.control("DELETE", "faults");

    const onServer = (await stored()).map((row) => row.name).sort();
    expect(onServer.length).toBeGreaterThan(ENTRIES / 2);
    expect(onServer.length).toBeLessThan(ENTRIES);
    const afterFailure = await recorded();
    expect(afterFailure.names).toEqual(onServer);
    expect(afterFailure.pending).toEqual([]);

    await s.control("DELETE", "requests");
    await s.pulumi("up", "--yes", "--skip-preview");
    const posts = ((await s.control("GET", "requests")) as { method: string }[]).filter((r) => r.method === "POST");
    expect(posts).toHaveLength(ENTRIES - onServer.length);
    const rows = await stored();
    expect(rows).toHaveLength(ENTRIES);
    expect(new Set(rows.map((row) => row.name)).size).toBe(ENTRIES);
    for (const row of rows) expect(row.value).toBe(`value-${Number(row.name.slice("secret_".length))}`);
    expect((await recorded()).names).toHaveLength(ENTRIES);
    await s.pulumi("preview", "--expect-no-changes");
  });
});
