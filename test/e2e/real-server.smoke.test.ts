// Smoke tests of the REAL Woodpecker server against the fake Gitea: the server comes from
// WOODPECKER_SERVER_BIN (the project does not build it: the Go module proxy refuses the module, and
// no recipe that builds it is kept). A server that cannot be started FAILS here; nothing is skipped.
// The real Pulumi CLI's smoke tests are in pulumi-cli.smoke.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealServer, RealServer } from "../../scripts/e2e/real-server";

describe("real Woodpecker server against the fake Gitea", () => {
  let s: RealServer;
  // A server that cannot be built or started must fail every test here, loudly, not skip them.
  let startError: unknown;
  const server = () => {
    if (startError) throw startError;
    return s;
  };
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server().url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...(init.headers ?? {}) },
    });

  beforeAll(async () => {
    try {
      s = await startRealServer();
    } catch (err) {
      startError = err;
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("GET /version is at the root", async () => {
    const r = await fetch(`${server().url}/version`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ version: expect.any(String) });
  });

  it("GET /api/user with the admin token", async () => {
    const r = await api("/api/user", server().adminToken);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ login: "alice", admin: true });
  });

  it("the non-admin token gets 403 on GET /api/users", async () => {
    expect((await api("/api/user", server().userToken)).status).toBe(200);
    const r = await api("/api/users", server().userToken);
    expect(r.status).toBe(403);
  });

  it("activates a fake-Gitea repo, then creates and lists a repo secret", async () => {
    const r = await api("/api/repos?forge_remote_id=42", server().adminToken, { method: "POST" });
    const repo = await r.json();
    expect(r.status, JSON.stringify(repo)).toBe(200);
    expect(repo).toMatchObject({ full_name: "alice/demo", forge_remote_id: "42", active: true });
    expect(server().gitea.hooks.get("alice/demo")?.length).toBe(1);

    const c = await api(`/api/repos/${repo.id}/secrets`, server().adminToken, {
      method: "POST",
      body: JSON.stringify({ name: "smoke_secret", value: "s3cr3t", events: ["push"] }),
    });
    expect(c.status).toBe(200);
    const list = await (await api(`/api/repos/${repo.id}/secrets`, server().adminToken)).json();
    expect(list.map((x: { name: string }) => x.name)).toContain("smoke_secret");
    expect(JSON.stringify(list)).not.toContain("s3cr3t");
  });

  it("an unknown /api route answers 200 text/html (the UI fallback)", async () => {
    const r = await api("/api/definitely-not-a-route", server().adminToken);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("made no forge call the fake Gitea lacks", () => {
    expect(server().gitea.unhandled).toEqual([]);
  });
});
