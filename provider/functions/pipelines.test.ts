import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WoodpeckerError } from "../client/errors.js";
import { getPipeline, getPipelines } from "../../sdk/functions.js";
import { harness, type Harness } from "../../test/support/functions.js";

/**
 * 120 pipelines on acme/api (default branch main), newest = highest number:
 * branch develop when i%3==0, else main; event manual when i%10==0, cron when i%7==0,
 * pull_request when i%5==0, else push; status failure when i%4==0; created BASE + i minutes.
 */
const BASE = Date.UTC(2024, 0, 1) / 1000;
const shape = (i: number) => ({
  branch: i % 3 === 0 ? "develop" : "main",
  event: i % 10 === 0 ? "manual" : i % 7 === 0 ? "cron" : i % 5 === 0 ? "pull_request" : "push",
  status: i % 4 === 0 ? "failure" : "success",
  created: BASE + i * 60,
});
const all = Array.from({ length: 120 }, (_, k) => ({ number: k + 1, ...shape(k + 1) })).reverse();
const numbers = (list: { number: number }[]) => list.map((p) => p.number);

let h: Harness;
let api: number;
let web: number;

beforeAll(async () => {
  h = await harness();
  api = await h.activate("101"); // acme/api: branches main, develop, release/v1; alice may push
  web = await h.activate("102"); // acme/web
  await h.seed({
    pipelines: all
      .slice()
      .reverse()
      .map((p) => ({ repoId: api, ...shape(p.number), cron: p.event === "cron" ? "nightly" : undefined })),
  });
  await h.seed({
    pipelines: [
      { repoId: web, event: "manual" },
      { repoId: web, event: "cron", cron: "nightly" },
      { repoId: web, event: "push", branch: "staging" },
    ],
  });
  h.use("admin");
});
afterAll(() => h.close());

const pipelineRequests = async (repoId: number) => (await h.requests()).filter((r) => r.path === `/api/repos/${repoId}/pipelines`);

describe("getPipelines", () => {
  it("returns the newest 50 by default, newest first, camelCase, in one request", async () => {
    await h.clearRequests();
    const result = await getPipelines({ repositoryId: api });
    expect(result.repositoryId).toBe(api);
    expect(numbers(result.pipelines)).toEqual(numbers(all.slice(0, 50)));
    const first = result.pipelines[0]!;
    expect(first).toMatchObject({
      number: 120,
      branch: "develop",
      event: "manual",
      status: "failure",
      created: BASE + 120 * 60,
      authorEmail: "alice@example.test",
      rerunCount: 0,
      eventReason: [],
      errors: [],
    });
    expect(first).not.toHaveProperty("author_email");
    expect(first).not.toHaveProperty("workflows");
    expect(await pipelineRequests(api)).toHaveLength(1);
  });

  it("pages beyond 50: every page the limit needs, and no more", async () => {
    await h.clearRequests();
    const everything = await getPipelines({ repositoryId: api, limit: 500 });
    expect(numbers(everything.pipelines)).toEqual(numbers(all));
    expect((await pipelineRequests(api)).map((r) => r.query)).toEqual(["page=1&perPage=50", "page=2&perPage=50", "page=3&perPage=50"]);

    await h.clearRequests();
    const seventyFive = await getPipelines({ repositoryId: api, limit: 75 });
    expect(numbers(seventyFive.pipelines)).toEqual(numbers(all.slice(0, 75)));
    expect(await pipelineRequests(api)).toHaveLength(2);

    await h.clearRequests();
    expect((await getPipelines({ repositoryId: api, limit: 120 })).pipelines).toHaveLength(120);
    expect(await pipelineRequests(api)).toHaveLength(3);

    await h.clearRequests();
    expect(numbers((await getPipelines({ repositoryId: api, limit: 3 })).pipelines)).toEqual([120, 119, 118]);
    expect(await pipelineRequests(api)).toHaveLength(1);
  });

  it("resolves a full name through /repos/lookup", async () => {
    await h.clearRequests();
    const result = await getPipelines({ fullName: "ACME/api", limit: 2 });
    expect(result.repositoryId).toBe(api);
    expect(numbers(result.pipelines)).toEqual([120, 119]);
    expect((await h.requests()).map((r) => r.path)).toEqual(["/api/repos/lookup/ACME/api", `/api/repos/${api}/pipelines`]);
  });

  it("filters by branch, one or several events, status, ref, before and after", async () => {
    const develop = await getPipelines({ repositoryId: api, branch: "develop", limit: 500 });
    expect(numbers(develop.pipelines)).toEqual(numbers(all.filter((p) => p.branch === "develop")));

    const push = await getPipelines({ repositoryId: api, event: "push", limit: 500 });
    expect(numbers(push.pipelines)).toEqual(numbers(all.filter((p) => p.event === "push")));

    const scheduled = await getPipelines({ repositoryId: api, event: ["cron", "manual"], limit: 500 });
    expect(numbers(scheduled.pipelines)).toEqual(numbers(all.filter((p) => p.event === "cron" || p.event === "manual")));
    expect(scheduled.pipelines.find((p) => p.event === "cron")).toMatchObject({ cron: "nightly", message: "nightly", sender: "nightly" });

    const failed = await getPipelines({ repositoryId: api, status: "failure", branch: "main", limit: 500 });
    expect(numbers(failed.pipelines)).toEqual(numbers(all.filter((p) => p.status === "failure" && p.branch === "main")));

    const pulls = await getPipelines({ repositoryId: api, ref: "refs/pull/", limit: 500 });
    expect(numbers(pulls.pipelines)).toEqual(numbers(all.filter((p) => p.event === "pull_request")));

    const window = await getPipelines({
      repositoryId: api,
      after: new Date((BASE + 100 * 60) * 1000).toISOString(),
      before: "2024-01-01T01:55:00+00:00", // minute 115
      limit: 500,
    });
    expect(numbers(window.pipelines)).toEqual([114, 113, 112, 111, 110, 109, 108, 107, 106, 105, 104, 103, 102, 101]);

    const none = await getPipelines({ repositoryId: api, branch: "release/v1" });
    expect(none.pipelines).toEqual([]);
  });

  it("sends the filters as the server's query parameters (events comma-joined)", async () => {
    await h.clearRequests();
    await getPipelines({ repositoryId: api, event: ["push", "tag"], status: "success", branch: "main", limit: 1 });
    const [request] = await pipelineRequests(api);
    expect(new URLSearchParams(request!.query).get("event")).toBe("push,tag");
    expect(Object.fromEntries(new URLSearchParams(request!.query))).toMatchObject({ branch: "main", status: "success", page: "1", perPage: "50" });
  });

  it("refuses bad arguments before any request, naming the argument", async () => {
    await h.clearRequests();
    await expect(getPipelines({ repositoryId: api, event: ["push", "pushed" as "push"] })).rejects.toThrow(
      /getPipelines: argument event\[1\]: unknown event "pushed"/,
    );
    await expect(getPipelines({ repositoryId: api, event: "pushed" as "push" })).rejects.toThrow(/argument event: unknown event "pushed"/);
    await expect(getPipelines({ repositoryId: api, event: [] })).rejects.toThrow(/argument event: give at least one event/);
    await expect(getPipelines({ repositoryId: api, status: "green" as "success" })).rejects.toThrow(/argument status: unknown status "green"/);
    await expect(getPipelines({ repositoryId: api, before: "yesterday" })).rejects.toThrow(/argument before: expected an RFC 3339 time/);
    await expect(getPipelines({ repositoryId: api, limit: 0 })).rejects.toThrow(/argument limit: limit must be at least 1/);
    await expect(getPipelines({})).rejects.toThrow(/repositoryId or fullName is required/);
    await expect(getPipelines({ repositoryId: api, fullName: "acme/api" })).rejects.toThrow(/give repositoryId or fullName, not both/);
    await expect(getPipelines({ repositoryId: api, fullname: "acme/api" } as never)).rejects.toThrow(
      /unknown argument "fullname"; known: repositoryId, fullName/,
    );
    expect(await h.requests()).toEqual([]);
  });

  it("names the repository and the permission cause on 404", async () => {
    const infra = await h.activate("103"); // private; alice has no access on the forge
    h.use("alice");
    try {
      const byId = await getPipelines({ repositoryId: infra }).catch((e) => e);
      expect(byId).toBeInstanceOf(WoodpeckerError);
      expect(byId.reason).toBe("not-found");
      expect(byId.message).toMatch(new RegExp(`^pipelines of repository ${infra}: the repository does not exist, or the token's user may not read it`));
      const byName = await getPipelines({ fullName: "acme/infra" }).catch((e) => e);
      expect(byName.message).toMatch(/^repository "acme\/infra": it does not exist, or the token's user may not read it .*HTTP 404/);
      const missing = await getPipelines({ repositoryId: 999 }).catch((e) => e);
      expect(missing.reason).toBe("not-found");
      // A public repository is readable without push permission.
      expect((await getPipelines({ repositoryId: api, limit: 1 })).pipelines).toHaveLength(1);
    } finally {
      h.use("admin");
    }
  });
});

describe("getPipeline", () => {
  it("reads one pipeline by number with workflows and steps", async () => {
    const p = await getPipeline({ fullName: "acme/api", number: 42 });
    expect(p).toMatchObject({ repositoryId: api, number: 42, branch: "develop", event: "cron", status: "success", cron: "nightly" });
    expect(p.workflows).toHaveLength(1);
    expect(p.workflows[0]).toMatchObject({ name: "build", state: "success", pid: 1, agentId: 0, environ: {} });
    expect(p.workflows[0]!.children.map((s) => [s.name, s.type, s.exitCode])).toEqual([
      ["clone", "clone", 0],
      ["test", "commands", 0],
    ]);
  });

  it("latest is the newest push pipeline of the default branch, ignoring newer manual and cron ones", async () => {
    // 120 is a manual pipeline on develop and 119 a cron pipeline on main: neither counts.
    const latest = await getPipeline({ repositoryId: api, latest: true });
    expect(latest).toMatchObject({ number: 118, branch: "main", event: "push" });
    expect(latest.workflows.length).toBeGreaterThan(0);
  });

  it("latest per branch", async () => {
    expect(await getPipeline({ repositoryId: api, latest: true, branch: "develop" })).toMatchObject({ number: 117, branch: "develop", event: "push" });
    expect(await getPipeline({ repositoryId: web, latest: true, branch: "staging" })).toMatchObject({ number: 3, event: "push" });
  });

  it("says clearly when no push pipeline exists", async () => {
    // acme/web has a manual and a cron pipeline on main, and a push only on staging.
    const error = await getPipeline({ fullName: "acme/web", latest: true }).catch((e) => e);
    expect(error).toBeInstanceOf(WoodpeckerError);
    expect(error.reason).toBe("not-found");
    expect(error.message).toMatch(
      /^latest pipeline of repository "acme\/web": no push pipeline exists on the default branch "main"\. The server's latest considers only pipelines started by a push/,
    );
    expect(error.message).toMatch(/manual, cron, tag, pull-request and deployment pipelines are ignored/);
    const onBranch = await getPipeline({ repositoryId: api, latest: true, branch: "release/v1" }).catch((e) => e);
    expect(onBranch.message).toMatch(/no push pipeline exists on branch "release\/v1"/);
  });

  it("names the pipeline when the number does not exist", async () => {
    const error = await getPipeline({ repositoryId: api, number: 999 }).catch((e) => e);
    expect(error.reason).toBe("not-found");
    expect(error.message).toMatch(new RegExp(`^pipeline 999 of repository ${api}: the repository has no pipeline with this number`));
  });

  it("takes a number or latest, and branch only with latest", async () => {
    await expect(getPipeline({ repositoryId: api })).rejects.toThrow(/number or latest is required/);
    await expect(getPipeline({ repositoryId: api, number: 1, latest: true })).rejects.toThrow(/give number or latest, not both/);
    await expect(getPipeline({ repositoryId: api, number: 1, branch: "main" })).rejects.toThrow(/branch applies only with latest: true/);
    await expect(getPipeline({ repositoryId: api, number: 1.5 })).rejects.toThrow(/argument number:/);
  });
});
