import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();

describe("repo activation", () => {
  it("defaults, org creation, 409 when active", async () => {
    const r = await c.admin("POST", "/api/repos?forge_remote_id=103");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id: 1,
      forge_remote_id: "103",
      full_name: "acme/infra",
      active: true,
      visibility: "private",
      private: true,
      require_approval: "forks",
      allow_pr: true,
      allow_deploy: false,
      cancel_previous_pipeline_events: ["push", "pull_request"],
      timeout: 60,
      default_branch: "main",
    });
    expect("user_id" in r.json || "hash" in r.json).toBe(false);
    const org = await c.admin("GET", "/api/orgs/lookup/acme");
    expect(org.json).toEqual({ id: 3, forge_id: 1, name: "acme", is_user: false });
    expect(r.json.org_id).toBe(3);
    const again = await c.admin("POST", "/api/repos?forge_remote_id=103");
    expect([again.status, again.text]).toEqual([409, "Repository is already active."]);
  });

  it("error order: missing id 400, unknown 500, not forge admin 403", async () => {
    expect((await c.admin("POST", "/api/repos")).text).toBe("No forge_remote_id provided");
    expect((await c.admin("POST", "/api/repos?forge_remote_id=0")).status).toBe(400);
    const u = await c.admin("POST", "/api/repos?forge_remote_id=999");
    expect([u.status, u.text]).toEqual([500, "Could not fetch repository from forge."]);
    const a = await c.alice("POST", "/api/repos?forge_remote_id=101");
    expect([a.status, a.text]).toEqual([403, "User has to be a admin of this repository"]);
    expect((await c.alice("POST", "/api/repos?forge_remote_id=102")).status).toBe(200);
    expect((await c.call("POST", "/api/repos?forge_remote_id=102")).status).toBe(401);
  });

  it("deactivate keeps the row, secrets and crons; reactivation keeps id and settings", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    await c.admin("PATCH", "/api/repos/1", { timeout: 90 });
    await c.admin("POST", "/api/repos/1/secrets", { name: "s", value: "v", events: ["push"] });
    await c.admin("POST", "/api/repos/1/cron", { name: "n", schedule: "@daily" });
    const d = await c.admin("DELETE", "/api/repos/1");
    expect(d.status).toBe(200);
    expect(d.json.active).toBe(false);
    const g = await c.admin("GET", "/api/repos/1");
    expect(g.json.active).toBe(false);
    const re = await c.admin("POST", "/api/repos?forge_remote_id=101");
    expect(re.json).toMatchObject({ id: 1, active: true, timeout: 90 });
    expect((await c.admin("GET", "/api/repos/1/secrets")).json).toHaveLength(1);
    expect((await c.admin("GET", "/api/repos/1/cron")).json).toHaveLength(1);
  });

  it("?remove=true hard-deletes secrets/registries/pipelines but NOT crons", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    await c.admin("POST", "/api/repos/1/secrets", { name: "s", value: "v", events: ["push"] });
    await c.admin("POST", "/api/repos/1/registries", { address: "a", username: "u", password: "p" });
    await c.admin("POST", "/api/repos/1/cron", { name: "n", schedule: "@daily" });
    await c.control("POST", "seed", { pipelines: [{ repoId: 1, count: 2 }] });
    const d = await c.admin("DELETE", "/api/repos/1?remove=true");
    expect(d.status).toBe(200);
    expect(d.json.id).toBe(1);
    expect((await c.admin("GET", "/api/repos/1")).status).toBe(404);
    expect((await c.call("GET", "/api/repos/1")).status).toBe(401);
    const st = await c.control("GET", "state");
    expect(st.counts).toMatchObject({ secrets: 0, registries: 0, pipelines: 0, crons: 1, repos: 0 });
  });

  it("lookup is case-insensitive, wildcard, unicode; inactive still returned", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=106");
    const l = await c.admin("GET", `/api/repos/lookup/ACME/${encodeURIComponent("Ü-tool.v2".toLowerCase())}`);
    expect(l.status).toBe(200);
    expect(l.json.full_name).toBe("acme/ü-tool.v2");
    expect((await c.admin("GET", "/api/repos/lookup/acme/nope")).status).toBe(404);
    expect((await c.admin("GET", "/api/repos/lookup/acme/nope")).text).toBe("");
    // public repo → anonymous can read
    expect((await c.call("GET", "/api/repos/lookup/acme/%C3%BC-tool.v2")).status).toBe(200);
  });

  it("GET /api/user/repos with and without all", async () => {
    const all = await c.alice("GET", "/api/user/repos?all=true");
    // alice: admin on acme/web and alice/notes; push-only repos only when stored
    expect(all.json.map((r: any) => r.full_name).sort()).toEqual(["acme/web", "alice/notes"]);
    expect(all.json.every((r: any) => r.active === false && r.forge_remote_id)).toBe(true);
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    const all2 = await c.alice("GET", "/api/user/repos?all=true");
    expect(all2.json.map((r: any) => r.full_name).sort()).toEqual(["acme/api", "acme/web", "alice/notes"]);
    const mine = await c.alice("GET", "/api/user/repos");
    expect(mine.json.map((r: any) => r.full_name)).toEqual(["acme/api"]);
  });

  // Measured on the real v3.17.0 server against a Gitea forge: the driver reports no visibility.
  it('a Gitea repo not yet stored has visibility ""; activation derives it from the private flag', async () => {
    const all = await c.alice("GET", "/api/user/repos?all=true");
    const notes = all.json.find((r: any) => r.full_name === "alice/notes");
    expect(notes).toMatchObject({ active: false, private: true, visibility: "", require_approval: "" });
    const a = await c.alice("POST", "/api/repos?forge_remote_id=105");
    expect(a.json).toMatchObject({ private: true, visibility: "private" });
  });

  it("re-activation and repair keep the stored visibility and private flag (Gitea reports none)", async () => {
    const r = await c.admin("POST", "/api/repos?forge_remote_id=101");
    expect(r.json).toMatchObject({ private: false, visibility: "public" });
    // the repo turns private on the forge
    const spec = { owner: "acme", name: "api", remoteId: "101", admins: ["admin"], pushers: ["alice"] };
    await c.control("POST", "seed", { forgeRepos: [{ ...spec, private: true }] });
    expect((await c.admin("POST", `/api/repos/${r.json.id}/repair`)).status).toBe(204);
    expect((await c.admin("GET", `/api/repos/${r.json.id}`)).json).toMatchObject({ private: false, visibility: "public" });
    await c.admin("DELETE", `/api/repos/${r.json.id}`);
    const again = await c.admin("POST", "/api/repos?forge_remote_id=101");
    expect(again.json).toMatchObject({ id: r.json.id, private: false, visibility: "public" });
    // a forge that does report a visibility (seeded explicitly) is propagated, with its private flag
    await c.control("POST", "seed", { forgeRepos: [{ ...spec, private: true, visibility: "internal" }] });
    expect((await c.admin("POST", `/api/repos/${r.json.id}/repair`)).status).toBe(204);
    expect((await c.admin("GET", `/api/repos/${r.json.id}`)).json).toMatchObject({ private: true, visibility: "internal" });
  });
});

describe("repo PATCH", () => {
  beforeEach(async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=102"); // acme/web: alice is repo admin
  });
  it("validation texts and codes", async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ require_approval: "sometimes" }, 400, "Invalid require-approval setting"],
      [{ visibility: "secret" }, 400, "Invalid visibility type"],
      [{ timeout: 0 }, 400, "Timeout must be at least 1 minute"],
      [{ timeout: 121 }, 403, "Timeout is not allowed to be higher than max timeout (120 min)"],
      [{ trusted: { network: true } }, 403, "Insufficient privileges"],
    ];
    for (const [body, status, msg] of cases) {
      const r = await c.alice("PATCH", "/api/repos/1", body);
      expect([r.status, r.text], JSON.stringify(body)).toEqual([status, msg]);
    }
    expect((await c.alice("PATCH", "/api/repos/1", { trusted: { network: false } })).status).toBe(200);
    const a = await c.admin("PATCH", "/api/repos/1", { timeout: 500, trusted: { volumes: true } });
    expect(a.json).toMatchObject({ timeout: 500, trusted: { network: false, volumes: true, security: false } });
  });
  it("partial update; unknown fields ignored; not-patchable fields untouched", async () => {
    const r = await c.alice("PATCH", "/api/repos/1", { allow_deploy: true, cancel_previous_pipeline_events: ["whatever"], name: "x", netrc_trusted: ["p"] });
    expect(r.json).toMatchObject({ allow_deploy: true, allow_pr: true, name: "web", cancel_previous_pipeline_events: ["whatever"], netrc_trusted: ["p"] });
  });
  it("guards: repo admin 403 for push-only user, 404 for no access", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    await c.admin("POST", "/api/repos?forge_remote_id=103");
    const p = await c.alice("PATCH", "/api/repos/2", { allow_pr: false });
    expect([p.status, p.text]).toEqual([403, "User not authorized"]);
    const infra = await c.alice("PATCH", "/api/repos/3", { allow_pr: false });
    expect([infra.status, infra.text]).toEqual([404, ""]);
    const perms = await c.alice("GET", "/api/repos/2/permissions");
    expect(perms.json).toMatchObject({ pull: true, push: true, admin: false });
    expect((await c.alice("GET", "/api/repos/3/permissions")).json).toMatchObject({ pull: false, push: false, admin: false });
    expect((await c.admin("GET", "/api/repos/x")).status).toBe(400);
  });
  it("chown, repair, move", async () => {
    expect((await c.alice("POST", "/api/repos/1/chown")).json.id).toBe(1);
    expect((await c.alice("POST", "/api/repos/1/repair")).status).toBe(204);
    expect((await c.admin("POST", "/api/repos/1/move")).status).toBe(500);
    expect((await c.admin("POST", "/api/repos/1/move?to=bad")).status).toBe(500);
    await c.control("POST", "seed", { forgeRepos: [{ owner: "neworg", name: "web2", admins: ["admin"] }], forgeOrgs: [{ name: "neworg", admins: ["admin"] }] });
    expect((await c.alice("POST", "/api/repos/1/move?to=neworg/web2")).status).toBe(401);
    expect((await c.admin("POST", "/api/repos/1/move?to=neworg/web2")).status).toBe(204);
    const moved = await c.admin("GET", "/api/repos/1");
    expect(moved.json.full_name).toBe("neworg/web2");
    expect((await c.admin("GET", "/api/repos/lookup/acme/web")).json.id).toBe(1); // redirection
  });
  it("admin list ordered by full_name, [] when empty", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    const l = await c.admin("GET", "/api/repos");
    expect(l.json.map((r: any) => r.full_name)).toEqual(["acme/api", "acme/web"]);
    expect((await c.alice("GET", "/api/repos")).status).toBe(403);
    await c.reset();
    expect((await c.admin("GET", "/api/repos")).text).toBe("[]");
  });
});
