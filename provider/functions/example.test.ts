import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { harness, valueOf, type Harness } from "../../test/support/functions.js";

// The example imports the published package name: link it as its README says (node_modules is
// ignored by git), and point it at this tree's SDK sources rather than a possibly stale dist/.
const link = path.join(__dirname, "../../examples/pipelines-report/node_modules/pulumi-woodpecker");
if (!fs.existsSync(link)) {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync("../../..", link);
}
vi.mock("pulumi-woodpecker", () => import("../../sdk/index.js"));

let h: Harness;
beforeAll(async () => {
  h = await harness();
  const api = await h.activate("101");
  const web = await h.activate("102");
  await h.seed({
    pipelines: [
      { repoId: api, branch: "main", status: "success" },
      { repoId: api, branch: "develop", status: "failure" },
      { repoId: api, branch: "main", event: "manual", status: "failure" },
      { repoId: web, branch: "main", event: "cron", status: "success" },
    ],
  });
  pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "pipelines-report", "dev", false);
  pulumi.runtime.setConfig("woodpecker:server", h.emu.url);
  pulumi.runtime.setConfig("woodpecker:token", h.emu.adminToken);
});
afterAll(() => h.close());

it("examples/pipelines-report reports the last pipeline per branch and the latest push", async () => {
  pulumi.runtime.setConfig("pipelines-report:repository", "acme/api");
  const report = await import("../../examples/pipelines-report/index.js");
  expect(await valueOf(report.lastPipelineByBranch)).toEqual({
    main: expect.objectContaining({ number: 3, status: "failure", event: "manual" }),
    develop: expect.objectContaining({ number: 2, status: "failure", event: "push" }),
  });
  expect(await valueOf(report.failingBranches)).toEqual(["develop", "main"]);
  expect(await valueOf(report.defaultBranch)).toBe("main");
  expect(await valueOf(report.latestPushOnDefaultBranch)).toMatch(/^#1 success \(\w{8}\)$/);
});

it("says so when the default branch has no push pipeline", async () => {
  vi.resetModules();
  pulumi.runtime.setConfig("pipelines-report:repository", "acme/web");
  const report = await import("../../examples/pipelines-report/index.js");
  expect(await valueOf(report.latestPushOnDefaultBranch)).toBe("none: no push pipeline on the default branch");
  expect(Object.keys(await valueOf(report.lastPipelineByBranch))).toEqual(["main"]);
});
