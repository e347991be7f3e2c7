// The fake Gitea on its own: the parts the real Woodpecker server relies on (paging that ends,
// OAuth code -> long-lived token, per-user permissions, hooks) must hold without the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitea, FakeGitea } from "../../scripts/e2e/fake-gitea";

const repos = Array.from({ length: 7 }, (_, i) => ({ id: 100 + i, owner: "alice", name: `r${i}` }));

describe("fake Gitea", () => {
  let g: FakeGitea;
  const get = (path: string, login?: string) => fetch(`${g.url}${path}`, { headers: login ? { Authorization: `token ${g.accessTokenFor(login)}` } : {} });

  beforeAll(async () => {
    g = await startFakeGitea({
      maxResponseItems: 3,
      catalogue: {
        users: [
          { id: 1, login: "alice" },
          { id: 2, login: "bob" },
        ],
        orgs: [{ id: 7, name: "acme", members: { alice: "owner", bob: "read" } }],
        repos: [...repos, { id: 43, owner: "acme", name: "widgets", branches: ["main", "feature/x"] }],
      },
    });
  });
  afterAll(() => g.stop());

  it("serves version and API settings without a token", async () => {
    expect(await (await get("/api/v1/version")).json()).toEqual({ version: "1.22.0" });
    expect((await (await get("/api/v1/settings/api")).json()).max_response_items).toBe(3);
  });

  it("pages /user/repos so that a page-until-short client terminates", async () => {
    const seen: number[] = [];
    for (let page = 1; page < 10; page++) {
      const items = (await (await get(`/api/v1/user/repos?page=${page}&limit=3`, "alice")).json()) as { id: number }[];
      seen.push(...items.map((r) => r.id));
      if (items.length < 3) break;
    }
    expect(seen).toHaveLength(8);
    expect(await (await get("/api/v1/user/repos?page=99&limit=3", "alice")).json()).toEqual([]);
  });

  it("answers repo objects with per-user permissions and a non-null owner", async () => {
    const a = await (await get("/api/v1/repositories/43", "alice")).json();
    expect(a).toMatchObject({ full_name: "acme/widgets", owner: { login: "acme" }, permissions: { admin: true } });
    const b = await (await get("/api/v1/repositories/43", "bob")).json();
    expect(b.permissions).toEqual({ admin: false, push: false, pull: true });
    expect((await get("/api/v1/repositories/999", "alice")).status).toBe(404);
  });

  it("runs the OAuth code flow to a ~10 year token", async () => {
    const auth = await fetch(
      `${g.url}/login/oauth/authorize?client_id=c&redirect_uri=${encodeURIComponent("http://127.0.0.1:1/authorize")}&state=S&login=bob`,
      { redirect: "manual" },
    );
    expect(auth.status).toBe(302);
    const back = new URL(auth.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("S");
    const tok = await fetch(`${g.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `grant_type=authorization_code&code=${back.searchParams.get("code")}`,
    });
    const body = await tok.json();
    expect(body.access_token).toBe(g.accessTokenFor("bob"));
    expect(body.expires_in).toBeGreaterThan(86400 * 365);
    expect(await (await get("/api/v1/user", "bob")).json()).toMatchObject({ id: 2, login: "bob" });
  });

  it("creates, lists and deletes hooks; org membership and permissions", async () => {
    const created = await fetch(`${g.url}/api/v1/repos/acme/widgets/hooks`, {
      method: "POST",
      headers: { Authorization: `token ${g.accessTokenFor("alice")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "gitea", config: { url: "http://127.0.0.1:1/api/hook" }, events: ["push"], active: true }),
    });
    expect(created.status).toBe(201);
    const hook = await created.json();
    expect(await (await get("/api/v1/repos/acme/widgets/hooks?page=1", "alice")).json()).toHaveLength(1);
    expect(await (await get("/api/v1/repos/acme/widgets/hooks?page=2", "alice")).json()).toEqual([]);
    const del = await fetch(`${g.url}/api/v1/repos/acme/widgets/hooks/${hook.id}`, {
      method: "DELETE",
      headers: { Authorization: `token ${g.accessTokenFor("alice")}` },
    });
    expect(del.status).toBe(204);
    expect((await get("/api/v1/orgs/acme/members/bob", "bob")).status).toBe(204);
    expect((await get("/api/v1/orgs/acme/members/carol", "bob")).status).toBe(404);
    expect(await (await get("/api/v1/users/bob/orgs/acme/permissions", "bob")).json()).toMatchObject({
      is_admin: false,
      can_read: true,
    });
    expect((await (await get("/api/v1/repos/acme/widgets/branches/feature/x", "alice")).json()).name).toBe("feature/x");
  });

  it("records calls it has no route for", async () => {
    expect((await get("/api/v1/repos/acme/widgets/contents/x", "alice")).status).toBe(404);
    expect(g.unhandled.map((r) => r.path)).toContain("/api/v1/repos/acme/widgets/contents/x");
  });
});
