import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();
beforeEach(async () => {
  await c.admin("POST", "/api/repos?forge_remote_id=101"); // public repo 1
  await c.admin("POST", "/api/repos?forge_remote_id=103"); // private repo 2
  const t0 = Date.UTC(2026, 0, 1) / 1000;
  await c.control("POST", "seed", {
    pipelines: [
      { repoId: 1, event: "push", branch: "main", created: t0, status: "success" }, // 1
      { repoId: 1, event: "pull_request", branch: "main", created: t0 + 100, status: "failure" }, // 2
      { repoId: 1, event: "push", branch: "develop", created: t0 + 200, status: "success" }, // 3
      { repoId: 1, event: "manual", branch: "main", created: t0 + 300, status: "running" }, // 4
      { repoId: 1, event: "cron", branch: "main", created: t0 + 400, cron: "nightly", workflows: [{ name: "w", children: [{ name: "s1" }] }] }, // 5
    ],
  });
});

describe("pipelines", () => {
  it("list: number desc, no workflows, all always-present fields", async () => {
    const l = await c.admin("GET", "/api/repos/1/pipelines");
    expect(l.json.map((p: any) => p.number)).toEqual([5, 4, 3, 2, 1]);
    for (const p of l.json) {
      expect(p.workflows).toBeUndefined();
      for (const k of [
        "id",
        "number",
        "parent",
        "author",
        "author_avatar",
        "author_email",
        "event",
        "event_reason",
        "status",
        "errors",
        "created",
        "updated",
        "started",
        "finished",
        "deploy_to",
        "deploy_task",
        "commit",
        "branch",
        "ref",
        "refspec",
        "rerun_count",
        "forge_url",
        "reviewed_by",
        "reviewed",
        "version",
        "title",
        "message",
        "timestamp",
        "sender",
      ]) {
        expect(k in p, k).toBe(true);
      }
    }
    expect(l.json[0]).toMatchObject({ message: "nightly", sender: "nightly", cron: "nightly" });
    expect((await c.admin("GET", "/api/repos/2/pipelines")).text).toBe("[]");
  });

  it("filters: branch, event list, ref substring, status, before/after", async () => {
    const q = async (s: string) => (await c.admin("GET", `/api/repos/1/pipelines?${s}`)).json.map((p: any) => p.number);
    expect(await q("branch=develop")).toEqual([3]);
    expect(await q("event=push,manual")).toEqual([4, 3, 1]);
    expect(await q("ref=develop")).toEqual([3]);
    expect(await q("status=failure")).toEqual([2]);
    expect(await q("after=2026-01-01T00:01:40Z")).toEqual([5, 4, 3]);
    expect(await q("before=2026-01-01T00:01:40Z")).toEqual([1]);
    expect(await q("before=2026-01-01T01:00:00%2B01:00")).toEqual([]);
    expect(await q("perPage=2&page=2")).toEqual([3, 2]);
    for (const bad of ["event=push,nope", "status=great", "before=2026-01-01", "after=yesterday"]) {
      const r = await c.admin("GET", `/api/repos/1/pipelines?${bad}`);
      expect([r.status, r.text], bad).toEqual([400, ""]);
    }
  });

  it("one pipeline with workflows and children; 400/404", async () => {
    const p = await c.admin("GET", "/api/repos/1/pipelines/5");
    expect(p.json.workflows[0]).toMatchObject({ name: "w", pid: 1, children: [{ name: "s1", ppid: 1, pid: 2 }] });
    const d = await c.admin("GET", "/api/repos/1/pipelines/1");
    expect(d.json.workflows[0].children.map((s: any) => s.name)).toEqual(["clone", "test"]);
    expect((await c.admin("GET", "/api/repos/1/pipelines/x")).status).toBe(400);
    expect((await c.admin("GET", "/api/repos/1/pipelines/99")).status).toBe(404);
  });

  it("latest: push only, default branch by default", async () => {
    expect((await c.admin("GET", "/api/repos/1/pipelines/latest")).json.number).toBe(1);
    expect((await c.admin("GET", "/api/repos/1/pipelines/latest?branch=develop")).json.number).toBe(3);
    expect((await c.admin("GET", "/api/repos/1/pipelines/latest?branch=feature")).status).toBe(404);
    expect((await c.admin("GET", "/api/repos/2/pipelines/latest")).status).toBe(404);
  });

  it("MustPull: anonymous on public ok, private 401, alice 404", async () => {
    expect((await c.call("GET", "/api/repos/1/pipelines")).status).toBe(200);
    expect((await c.call("GET", "/api/repos/2/pipelines")).status).toBe(401);
    expect((await c.alice("GET", "/api/repos/2/pipelines")).status).toBe(404);
  });
});

describe("pipeline writes", () => {
  it("manual trigger: filtered out (204) since the forge has no config; bad body 400, unknown branch 500", async () => {
    const r = await c.admin("POST", "/api/repos/1/pipelines", { branch: "develop", variables: { A: "1" } });
    expect([r.status, r.text]).toEqual([204, ""]);
    expect(r.headers.get("pipeline-filtered")).toBe("true");
    expect((await c.admin("GET", "/api/repos/1/pipelines")).json).toHaveLength(5);
    // read with json.NewDecoder whatever the content type
    const plain = await c.call("POST", "/api/repos/1/pipelines", { token: c.emu.adminToken, body: '{"branch":"main"}', contentType: "text/plain" });
    expect(plain.status).toBe(204);
    for (const body of ["", "[]", '{"branch":1}']) {
      const b = await c.call("POST", "/api/repos/1/pipelines", { token: c.emu.adminToken, body, contentType: "application/json" });
      expect([b.status, b.text], body).toEqual([400, ""]);
    }
    const nope = await c.admin("POST", "/api/repos/1/pipelines", { branch: "nope" });
    expect([nope.status, nope.text]).toEqual([500, ""]);
    expect((await c.alice("POST", "/api/repos/1/pipelines", { branch: "main" })).status).toBe(204);
    expect((await c.alice("POST", "/api/repos/2/pipelines", { branch: "main" })).status).toBe(404);
  });

  it("delete: repo admin only, 422 while running, then gone", async () => {
    const running = await c.admin("DELETE", "/api/repos/1/pipelines/4");
    expect([running.status, running.text]).toEqual([422, "Cannot delete pipeline with status running"]);
    const alice = await c.alice("DELETE", "/api/repos/1/pipelines/1");
    expect([alice.status, alice.text]).toEqual([403, "User not authorized"]);
    const d = await c.admin("DELETE", "/api/repos/1/pipelines/1");
    expect([d.status, d.text]).toEqual([204, ""]);
    expect((await c.admin("GET", "/api/repos/1/pipelines/1")).status).toBe(404);
    expect((await c.admin("DELETE", "/api/repos/1/pipelines/1")).status).toBe(404);
    expect((await c.admin("DELETE", "/api/repos/1/pipelines/latest")).status).toBe(400);
    expect((await c.admin("GET", "/api/repos/1/pipelines")).json.map((p: any) => p.number)).toEqual([5, 4, 3, 2]);
  });

  it("config: [] for a seeded pipeline, 404 for a missing one, 400 for a bad number", async () => {
    const r = await c.admin("GET", "/api/repos/1/pipelines/5/config");
    expect([r.status, r.text]).toEqual([200, "[]"]);
    expect((await c.admin("GET", "/api/repos/1/pipelines/99/config")).status).toBe(404);
    expect((await c.admin("GET", "/api/repos/1/pipelines/x/config")).status).toBe(400);
    expect((await c.alice("GET", "/api/repos/2/pipelines/1/config")).status).toBe(404);
  });
});

describe("cancel and decline", () => {
  const seedOne = async (fields: Record<string, unknown>) => (await c.control("POST", "seed", { pipelines: [{ repoId: 1, ...fields }] })).pipelines[0].number;

  it("cancel: a running pipeline is killed; pending workflows skipped, pending steps canceled", async () => {
    const n = await seedOne({
      status: "running",
      workflows: [
        {
          name: "a",
          state: "running",
          children: [
            { name: "s1", state: "running" },
            { name: "s2", state: "pending", started: 0 },
          ],
        },
        { name: "b", state: "pending", children: [{ name: "s3", state: "pending", started: 0 }] },
      ],
    });
    const r = await c.alice("POST", `/api/repos/1/pipelines/${n}/cancel`);
    expect([r.status, r.text]).toEqual([204, ""]);
    const p = (await c.admin("GET", `/api/repos/1/pipelines/${n}`)).json;
    expect(p).toMatchObject({ status: "killed", cancel_info: { canceled_by_user: "alice" } });
    expect(p.finished).toBeGreaterThan(0);
    expect(p.workflows.map((w: any) => [w.state, w.children.map((s: any) => s.state)])).toEqual([
      ["running", ["running", "canceled"]],
      ["skipped", ["canceled"]],
    ]);
  });

  it("cancel: only pending workflows → canceled; a started pending step counts as a killed daemon", async () => {
    const n = await seedOne({
      status: "pending",
      workflows: [{ name: "a", state: "pending", children: [{ name: "d", state: "pending", started: 5, finished: 9 }] }],
    });
    expect((await c.admin("POST", `/api/repos/1/pipelines/${n}/cancel`)).status).toBe(204);
    const p = (await c.admin("GET", `/api/repos/1/pipelines/${n}`)).json;
    expect(p.status).toBe("canceled");
    expect(p.workflows[0].children[0]).toMatchObject({ state: "success", started: 5 });
    expect("finished" in p.workflows[0].children[0]).toBe(false);
  });

  it("cancel: 400 for a finished pipeline, 404 for a missing or unparsable number, 404 without push", async () => {
    const done = await c.admin("POST", "/api/repos/1/pipelines/1/cancel");
    expect([done.status, done.text]).toEqual([400, "Cannot cancel a non-running or non-pending or non-blocked pipeline"]);
    expect((await c.admin("POST", "/api/repos/1/pipelines/99/cancel")).status).toBe(404);
    expect((await c.admin("POST", "/api/repos/1/pipelines/x/cancel")).status).toBe(404);
    expect((await c.alice("POST", "/api/repos/2/pipelines/1/cancel")).status).toBe(404);
  });

  it("decline: a blocked pipeline with its workflows and steps becomes declined; others → 500", async () => {
    const n = await seedOne({ status: "blocked" });
    const d = await c.alice("POST", `/api/repos/1/pipelines/${n}/decline`);
    expect(d.status).toBe(200);
    expect(d.json).toMatchObject({ number: n, status: "declined", reviewed_by: "alice" });
    expect(d.json.reviewed).toBeGreaterThan(0);
    expect(d.json.workflows[0].state).toBe("declined");
    expect(d.json.workflows[0].children.map((s: any) => s.state)).toEqual(["declined", "declined"]);
    expect((await c.admin("GET", `/api/repos/1/pipelines/${n}`)).json.status).toBe("declined");
    const again = await c.admin("POST", `/api/repos/1/pipelines/${n}/decline`);
    expect([again.status, again.text]).toEqual([500, ""]);
    expect((await c.admin("POST", "/api/repos/1/pipelines/99/decline")).status).toBe(404);
  });
});

describe("restart", () => {
  it("400 naming the config paths tried: neither the pipeline nor the forge has a config", async () => {
    const r = await c.alice("POST", "/api/repos/1/pipelines/1");
    expect([r.status, r.text]).toEqual([
      400,
      "On fetching external pipeline config: configFetcher: fallback did not find config: configs not found: .woodpecker/, .woodpecker.yaml, .woodpecker.yml",
    ]);
    await c.admin("PATCH", "/api/repos/1", { config_file: "ci/build.yaml" });
    const own = await c.admin("POST", "/api/repos/1/pipelines/1?foo=bar");
    expect([own.status, own.text]).toEqual([
      400,
      "On fetching external pipeline config: user defined config 'ci/build.yaml' not found: configs not found: ci/build.yaml",
    ]);
    expect((await c.admin("GET", "/api/repos/1/pipelines")).json).toHaveLength(5);
  });

  it("bare 400/403/404 before the fetch; blocked pipelines cannot be restarted", async () => {
    expect((await c.admin("POST", "/api/repos/1/pipelines/99")).status).toBe(404);
    const bad = await c.admin("POST", "/api/repos/1/pipelines/latest");
    expect([bad.status, bad.text]).toEqual([400, ""]);
    const ev = await c.admin("POST", "/api/repos/1/pipelines/1?event=push");
    expect([ev.status, ev.text]).toEqual([400, ""]);
    const deploy = await c.admin("POST", "/api/repos/1/pipelines/1?event=deployment&deploy_to=prod");
    expect([deploy.status, deploy.text]).toEqual([403, ""]);
    await c.admin("PATCH", "/api/repos/1", { allow_deploy: true });
    expect((await c.admin("POST", "/api/repos/1/pipelines/1?event=deployment")).status).toBe(400);
    const n = (await c.control("POST", "seed", { pipelines: [{ repoId: 1, status: "blocked" }] })).pipelines[0].number;
    const blocked = await c.admin("POST", `/api/repos/1/pipelines/${n}`);
    expect([blocked.status, blocked.text]).toEqual([400, "cannot restart a pipeline with status blocked"]);
    expect((await c.alice("POST", "/api/repos/2/pipelines/1")).status).toBe(404);
  });
});
