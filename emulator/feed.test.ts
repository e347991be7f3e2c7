import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();
const t0 = Date.UTC(2026, 0, 1) / 1000;
beforeEach(async () => {
  await c.admin("POST", "/api/repos?forge_remote_id=101"); // acme/api (1): alice may push
  await c.admin("POST", "/api/repos?forge_remote_id=103"); // acme/infra (2): private, admin only
  await c.admin("POST", "/api/repos?forge_remote_id=104"); // admin/dotfiles (3): no pipelines
});

const seed = () =>
  c.control("POST", "seed", {
    pipelines: [
      { repoId: 1, event: "push", created: t0, status: "success" }, // id 1
      { repoId: 2, event: "push", created: t0 + 10, status: "running" }, // id 2
      { repoId: 1, event: "tag", created: t0 + 20, status: "pending", tag_title: "v1.0.0" }, // id 3
    ],
  });

describe("GET /api/user/feed", () => {
  it("null without pipelines; newest first, Feed fields only, tag message from ToAPIModel", async () => {
    expect((await c.admin("GET", "/api/user/feed")).text).toBe("null");
    await seed();
    const f = await c.admin("GET", "/api/user/feed");
    expect(f.json.map((x: any) => [x.repo_id, x.number])).toEqual([
      [1, 2],
      [2, 1],
      [1, 1],
    ]);
    const pl = (await c.admin("GET", "/api/repos/1/pipelines/2")).json;
    expect(f.json[0]).toEqual({
      repo_id: 1,
      full_name: "acme/api",
      id: pl.id,
      number: 2,
      event: "tag",
      status: "pending",
      created: t0 + 20,
      started: t0 + 20,
      commit: pl.commit,
      branch: "main",
      ref: "refs/tags/v2",
      author: "alice",
      author_avatar: pl.author_avatar,
      author_email: "alice@example.test",
      tag_title: "v1.0.0",
      message: "created tag v1.0.0",
    });
    // model.Feed's field order
    expect(Object.keys(f.json[0])).toEqual([
      "repo_id",
      "full_name",
      "id",
      "number",
      "event",
      "status",
      "created",
      "started",
      "commit",
      "branch",
      "ref",
      "author",
      "author_avatar",
      "author_email",
      "tag_title",
      "message",
    ]);
    expect(f.json[2]).toMatchObject({ message: "pipeline 1", finished: t0 + 60 });
  });

  it("only repos the caller may push to, by the stored perm rows", async () => {
    await seed();
    expect((await c.alice("GET", "/api/user/feed")).text).toBe("null"); // no perm row yet
    expect((await c.alice("GET", "/api/repos/1")).status).toBe(200); // SetPerm stores alice's push
    const f = await c.alice("GET", "/api/user/feed");
    expect(f.json.map((x: any) => [x.repo_id, x.number])).toEqual([
      [1, 2],
      [1, 1],
    ]);
    expect((await c.call("GET", "/api/user/feed")).status).toBe(401);
  });

  it("?latest=true: active repos by full name with their newest pipeline, raw Feed messages", async () => {
    await seed();
    const l = await c.admin("GET", "/api/user/feed?latest=true");
    expect(l.json.map((x: any) => [x.full_name, x.number])).toEqual([
      ["acme/api", 2],
      ["acme/infra", 1],
      ["admin/dotfiles", undefined],
    ]);
    expect(l.json[2]).toEqual({ repo_id: 3, full_name: "admin/dotfiles" });
    expect(l.json[0].message).toBe("pipeline 2"); // no ToAPIModel here
    await c.admin("DELETE", "/api/repos/3");
    expect((await c.admin("GET", "/api/user/feed?latest=1")).json).toHaveLength(2);
  });
});

describe("GET /api/pipelines (admin)", () => {
  it("pending and running pipelines of every repo; [] when none", async () => {
    expect((await c.admin("GET", "/api/pipelines")).text).toBe("[]");
    await seed();
    const q = await c.admin("GET", "/api/pipelines");
    expect(q.json.map((x: any) => [x.full_name, x.status])).toEqual([
      ["acme/infra", "running"],
      ["acme/api", "pending"],
    ]);
    expect(q.json[1].message).toBe("pipeline 2");
    expect((await c.alice("GET", "/api/pipelines")).status).toBe(403);
    expect((await c.call("GET", "/api/pipelines")).status).toBe(401);
  });
});
