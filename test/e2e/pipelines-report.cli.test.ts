// examples/pipelines-report (read-only: data sources, no resources) run by the REAL Pulumi CLI against
// the emulator with seeded pipelines: preview, up and its outputs, refresh with no changes, a config
// change (limit), new pipelines on the server picked up by the next up, export check, destroy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

describe("examples/pipelines-report with the real CLI against the emulator", () => {
  let s: ExampleStack;
  let repoId: number;

  beforeAll(async () => {
    s = await exampleStack("pipelines-report");
    const repo = await s.api("POST", "/repos?forge_remote_id=101"); // acme/api: main, develop, release/v1
    repoId = repo.id;
    await s.control("POST", "seed", {
      pipelines: [
        { repoId, branch: "main", event: "push", status: "success" },
        { repoId, branch: "develop", event: "push", status: "failure" },
        { repoId, branch: "release/v1", event: "push", status: "success" },
        { repoId, branch: "main", event: "cron", status: "success" },
      ],
    });
    await s.pulumi("config", "set", "repository", "acme/api");
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it("preview has nothing to create but the stack", async () => {
    expect(summary(await s.pulumi("preview"))).toEqual({ create: 1 });
  });

  it("up reports the last pipeline of each branch and the latest push", async () => {
    await s.pulumi("up", "--yes", "--skip-preview");
    const o = await s.outputs();
    expect(o).toMatchObject({ defaultBranch: "main", pipelinesRead: 4, failingBranches: ["develop"] });
    expect(o.lastPipelineByBranch).toMatchObject({
      main: { number: 4, event: "cron", status: "success" },
      develop: { number: 2, status: "failure" },
      "release/v1": { number: 3, status: "success" },
    });
    expect(o.latestPushOnDefaultBranch).toMatch(/^#1 success \([0-9a-f]{8}\)$/);
  });

  it("refresh and preview --expect-no-changes find nothing to do", async () => {
    await s.pulumi("refresh", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes");
  });

  it("a smaller limit reads fewer pipelines", async () => {
    await s.pulumi("config", "set", "limit", "2");
    await s.pulumi("up", "--yes", "--skip-preview");
    const o = await s.outputs();
    expect(o.pipelinesRead).toBe(2);
    expect(Object.keys(o.lastPipelineByBranch).sort()).toEqual(["main", "release/v1"]);
    await s.pulumi("config", "rm", "limit");
  });

  it("new pipelines on the server show in the next up", async () => {
    await s.control("POST", "seed", { pipelines: [{ repoId, branch: "main", event: "push", status: "failure" }] });
    await s.pulumi("up", "--yes", "--skip-preview");
    const o = await s.outputs();
    expect(o.failingBranches).toEqual(["develop", "main"]);
    expect(o.latestPushOnDefaultBranch).toMatch(/^#5 failure /);
  });

  it("the state export holds no token", async () => {
    expect(leaks(await s.exportText(), s.emu.adminToken, [])).toEqual([]);
  });

  it("destroy leaves the server as it was", async () => {
    await s.pulumi("destroy", "--yes", "--skip-preview");
    expect((await s.api("GET", `/repos/${repoId}`)).active).toBe(true);
    expect(await s.api("GET", `/repos/${repoId}/pipelines`)).toHaveLength(5);
  });
});
