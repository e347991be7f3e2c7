import { describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();

const S = { name: "s", value: "v", events: ["push"] };

describe("orgs", () => {
  it("list (admin, null when empty, no user orgs), lookup, get, permissions", async () => {
    expect((await c.admin("GET", "/api/orgs")).text).toBe("null");
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    expect((await c.admin("GET", "/api/orgs")).json).toEqual([{ id: 3, forge_id: 1, name: "acme", is_user: false }]);
    expect((await c.alice("GET", "/api/orgs")).status).toBe(403);
    expect((await c.alice("GET", "/api/orgs/lookup/ACME")).json.id).toBe(3);
    expect((await c.alice("GET", "/api/orgs/lookup/nope")).status).toBe(404);
    expect((await c.alice("GET", "/api/orgs/3")).status).toBe(200);
    expect((await c.alice("GET", "/api/orgs/3/permissions")).json).toEqual({ member: true, admin: false });
    expect((await c.admin("GET", "/api/orgs/3/permissions")).json).toEqual({ member: true, admin: true });
    expect((await c.call("GET", "/api/orgs/3/permissions")).json).toEqual({ member: false, admin: false });
    expect((await c.alice("GET", "/api/orgs/1")).text).toBe("user not authorized");
    expect((await c.admin("GET", "/api/orgs/abc")).text).toBe("Invalid organization ID");
  });

  it("org-id-0 trap: reads behave like the real server", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    await c.admin("POST", "/api/repos/1/secrets", S);
    await c.admin("POST", "/api/secrets", { ...S, name: "g" });
    await c.admin("POST", "/api/orgs/3/secrets", { ...S, name: "o" });
    const g = await c.admin("GET", "/api/orgs/999");
    expect([g.status, g.text]).toEqual([200, '{"name":"","is_user":false}']);
    const a = await c.alice("GET", "/api/orgs/999");
    expect([a.status, a.text]).toEqual([403, "user not authorized"]);
    const l = await c.admin("GET", "/api/orgs/999/secrets");
    expect(l.json.map((s: any) => s.name)).toEqual(["g", "s"]);
    expect((await c.control("GET", "traps")).orgZeroDeletes).toBe(0);
  });

  it("org-id-0 trap: DELETE wipes every org_id=0 secret, answers 404 and is counted", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    await c.admin("POST", "/api/repos/1/secrets", S);
    await c.admin("POST", "/api/secrets", { ...S, name: "g" });
    await c.admin("POST", "/api/orgs/3/secrets", { ...S, name: "o" });
    const d = await c.admin("DELETE", "/api/orgs/424242");
    expect([d.status, d.text]).toEqual([404, ""]);
    expect(await c.control("GET", "traps")).toEqual({ orgZeroDeletes: 1 });
    expect((await c.admin("GET", "/api/repos/1/secrets")).text).toBe("null");
    expect((await c.admin("GET", "/api/secrets")).text).toBe("[]");
    expect((await c.admin("GET", "/api/orgs/3/secrets")).json).toHaveLength(1);
    await c.reset();
    expect(await c.control("GET", "traps")).toEqual({ orgZeroDeletes: 0 });
  });

  it("DELETE org: secrets and repos go, registries and agents stay", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101");
    await c.admin("POST", "/api/orgs/3/secrets", S);
    await c.admin("POST", "/api/orgs/3/registries", { address: "a", username: "u", password: "p" });
    await c.admin("POST", "/api/orgs/3/agents", { name: "x" });
    expect((await c.alice("DELETE", "/api/orgs/3")).status).toBe(403);
    expect((await c.admin("DELETE", "/api/orgs/3")).status).toBe(204);
    const st = await c.control("GET", "state");
    expect(st.counts).toMatchObject({ secrets: 0, repos: 0, registries: 1, agents: 1 });
  });
});

describe("users", () => {
  it("list ordered by login, admin omitted when false", async () => {
    const l = await c.admin("GET", "/api/users");
    expect(l.json.map((u: any) => u.login)).toEqual(["admin", "alice"]);
    expect(l.json[0].admin).toBe(true);
    expect("admin" in l.json[1]).toBe(false);
    expect((await c.alice("GET", "/api/users")).status).toBe(403);
    expect((await c.call("GET", "/api/users")).status).toBe(401);
  });

  it("POST ignores admin, forces forge_remote_id 0, creates personal org; duplicates 500", async () => {
    const p = await c.admin("POST", "/api/users", { login: "bob", email: "b@x", admin: true, forge_remote_id: "77" });
    expect(p.json).toMatchObject({ id: 3, forge_id: 1, forge_remote_id: "0", login: "bob", email: "b@x" });
    expect("admin" in p.json).toBe(false);
    expect((await c.admin("GET", "/api/orgs/lookup/bob")).json).toMatchObject({ name: "bob", is_user: true });
    const d = await c.admin("POST", "/api/users", { login: "bob" });
    expect([d.status, d.text]).toEqual([500, "on insert duplicate based on constraints was detected"]);
    // a second API user collides on (forge_id, forge_remote_id "0") too
    expect((await c.admin("POST", "/api/users", { login: "carol" })).status).toBe(500);
    expect((await c.admin("POST", "/api/users", { login: "bad login!" })).text).toBe("invalid user login");
  });

  it("PATCH finds by body forge_remote_id, full replacement; not found → 200 id 0", async () => {
    const u = (await c.admin("GET", "/api/users/alice")).json;
    const p = await c.admin("PATCH", "/api/users/whatever", { ...u, email: "new@x", admin: true });
    expect(p.json).toMatchObject({ id: 2, login: "alice", email: "new@x", admin: true });
    const demote = await c.admin("PATCH", "/api/users/alice", { forge_remote_id: u.forge_remote_id, login: "alice" });
    expect(demote.json).toMatchObject({ id: 2, login: "alice", email: "", avatar_url: "" });
    expect("admin" in demote.json).toBe(false);
    const ghost = await c.admin("PATCH", "/api/users/alice", { forge_remote_id: "nope", login: "x" });
    expect([ghost.status, ghost.json.id]).toEqual([200, 0]);
    expect((await c.admin("GET", "/api/users/alice")).json.email).toBe("");
  });

  it("GET/DELETE by login or forge_remote_id; DELETE removes the personal org's secrets and repos", async () => {
    expect((await c.admin("GET", "/api/users/x?forge_remote_id=2")).json.login).toBe("alice");
    expect((await c.admin("GET", "/api/users/nobody")).status).toBe(404);
    expect((await c.admin("GET", "/api/users/alice?forge_id=x")).status).toBe(400);
    await c.alice("POST", "/api/repos?forge_remote_id=105"); // alice/notes
    await c.alice("POST", "/api/orgs/2/secrets", S);
    expect((await c.admin("DELETE", "/api/users/alice")).status).toBe(204);
    const st = await c.control("GET", "state");
    expect(st.counts).toMatchObject({ users: 1, repos: 0, secrets: 0 });
    expect((await c.call("GET", "/api/user", { token: c.emu.adminToken })).status).toBe(200);
  });
});

describe("agents", () => {
  it("token returned on create, get, list, patch; PATCH replaces name and no_schedule", async () => {
    const p = await c.admin("POST", "/api/agents", { name: "a1", no_schedule: true });
    expect(p.json).toMatchObject({ id: 1, name: "a1", no_schedule: true, org_id: -1, owner_id: 1 });
    expect(p.json.token).toMatch(/^[A-Z2-7]{52}====$/);
    expect((await c.admin("GET", "/api/agents/1")).json.token).toBe(p.json.token);
    expect((await c.admin("GET", "/api/agents")).json[0].token).toBe(p.json.token);
    const u = await c.admin("PATCH", "/api/agents/1", { token: "x", org_id: 5 });
    expect(u.json).toMatchObject({ name: "", no_schedule: false, token: p.json.token, org_id: -1 });
    expect((await c.admin("DELETE", "/api/agents/1")).status).toBe(204);
    expect((await c.admin("GET", "/api/agents/1")).status).toBe(404);
    expect((await c.admin("GET", "/api/agents")).text).toBe("null");
    expect((await c.alice("GET", "/api/agents")).status).toBe(403);
  });

  it("org agents: list null, one sequence with global, no single GET (HTML fallback)", async () => {
    await c.admin("POST", "/api/agents", { name: "g" });
    expect((await c.alice("GET", "/api/orgs/2/agents")).text).toBe("null");
    const o = await c.alice("POST", "/api/orgs/2/agents", { name: "mine" });
    expect(o.json).toMatchObject({ id: 2, org_id: 2, owner_id: 2 });
    const single = await c.alice("GET", "/api/orgs/2/agents/2");
    expect(single.status).toBe(200);
    expect(single.contentType).toMatch(/^text\/html/);
    expect((await c.alice("PATCH", "/api/orgs/2/agents/1", { name: "x" })).text).toBe("Agent not found");
    expect((await c.alice("PATCH", "/api/orgs/2/agents/2", { name: "x" })).json.name).toBe("x");
    expect((await c.admin("GET", "/api/agents")).json).toHaveLength(2);
    expect((await c.alice("DELETE", "/api/orgs/2/agents/2")).status).toBe(204);
  });
});

describe("forges", () => {
  it("public copy for non-admin and anonymous; secret write-only; no validation; DELETE 204", async () => {
    expect((await c.call("GET", "/api/forges")).json).toEqual([{ id: 1, type: "gitea", url: "http://forge.example.test" }]);
    expect((await c.alice("GET", "/api/forges/1")).json).toEqual({ id: 1, type: "gitea", url: "http://forge.example.test" });
    expect((await c.admin("GET", "/api/forges/1")).json.client).toBe("woodpecker");
    const p = await c.admin("POST", "/api/forges", { type: "nonsense", url: "", oauth_client_secret: "s", additional_options: { k: "v" } });
    expect(p.status).toBe(200);
    expect(p.json).toEqual({ id: 2, type: "nonsense", url: "", additional_options: { k: "v" } });
    const u = await c.admin("PATCH", "/api/forges/2", { type: "github", url: "https://github.com" });
    expect(u.json).toEqual({ id: 2, type: "github", url: "https://github.com" });
    expect((await c.alice("POST", "/api/forges", {})).status).toBe(403);
    expect((await c.admin("DELETE", "/api/forges/2")).status).toBe(204);
    expect((await c.admin("GET", "/api/forges/2")).status).toBe(404);
  });
});
