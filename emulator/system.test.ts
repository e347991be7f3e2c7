import { createPublicKey } from "node:crypto";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();

describe("system and cross-cutting", () => {
  it("/version and /healthz at the root; /api/version is the HTML fallback", async () => {
    const v = await c.call("GET", "/version");
    expect(v.json).toEqual({ source: "https://github.com/woodpecker-ci/woodpecker", version: "3.17.0" });
    expect(v.headers.get("x-woodpecker-version")).toBe("3.17.0");
    const h = await c.call("GET", "/healthz");
    expect([h.status, h.text]).toEqual([204, ""]);
    const api = await c.call("GET", "/api/version");
    expect(api.status).toBe(200);
    expect(api.contentType).toMatch(/^text\/html/);
    expect(api.text).toMatch(/<!doctype html>/i);
    expect(api.headers.get("x-woodpecker-version")).toBe("3.17.0");
  });

  it("unknown routes and wrong methods → 200 text/html", async () => {
    for (const [m, p] of [
      ["GET", "/api/nope"],
      ["PUT", "/api/secrets/x"],
      ["DELETE", "/api/user/repos"],
      ["POST", "/api/users/alice"],
      ["GET", "/"],
    ]) {
      const r = await c.admin(m, p);
      expect(r.status, `${m} ${p}`).toBe(200);
      expect(r.contentType, `${m} ${p}`).toMatch(/^text\/html/);
    }
  });

  it("OPTIONS → 200 anywhere", async () => {
    expect((await c.call("OPTIONS", "/api/repos/1/secrets")).status).toBe(200);
  });

  it("token: Bearer header (literal scheme) or access_token query", async () => {
    expect((await c.call("GET", "/api/user", { token: c.emu.adminToken })).json.login).toBe("admin");
    expect((await c.call("GET", `/api/user?access_token=${c.emu.userToken}`)).json.login).toBe("alice");
    const res = await fetch(`${c.emu.url}/api/user`, { headers: { Authorization: `bearer ${c.emu.adminToken}` } });
    expect([res.status, await res.text()]).toEqual([401, "User not authorized"]);
    expect((await c.call("GET", "/api/user", { token: "garbage" })).status).toBe(401);
  });

  it("POST /api/user/token mints; DELETE rotates and revokes old tokens", async () => {
    const old = c.emu.userToken;
    const minted = await c.alice("POST", "/api/user/token");
    expect(minted.contentType).toMatch(/^text\/plain/);
    expect((await c.call("GET", "/api/user", { token: minted.text })).json.login).toBe("alice");
    const rotated = await c.alice("DELETE", "/api/user/token");
    expect((await c.call("GET", "/api/user", { token: old })).status).toBe(401);
    expect((await c.call("GET", "/api/user", { token: minted.text })).status).toBe(401);
    expect((await c.call("GET", "/api/user", { token: rotated.text })).json.login).toBe("alice");
    expect(c.emu.userToken).toBe(rotated.text);
  });

  it("works with undici keep-alive and a trailing slash redirects like gin", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await request(`${c.emu.url}/api/user`, { headers: { authorization: `Bearer ${c.emu.adminToken}` } });
      expect(r.statusCode).toBe(200);
      expect(r.headers.connection).not.toBe("close");
      await r.body.json();
    }
    const r = await fetch(`${c.emu.url}/api/user/`, { headers: { Authorization: `Bearer ${c.emu.adminToken}` }, redirect: "manual" });
    expect([r.status, r.headers.get("location")]).toEqual([301, "/api/user"]);
  });
});

describe("tokens survive reset", () => {
  it("the start tokens stay valid after POST /__emulator/reset, even after a rotation", async () => {
    const before = c.emu.adminToken;
    await c.admin("DELETE", "/api/user/token");
    await c.reset();
    expect(c.emu.adminToken).toBe(before);
    expect((await c.call("GET", "/api/user", { token: before })).status).toBe(200);
  });
});

describe("GET /api/signature/public-key", () => {
  it("an ed25519 public key as PKIX PEM text, to anyone, stable for the emulator's life", async () => {
    const r = await c.call("GET", "/api/signature/public-key");
    expect(r.status).toBe(200);
    expect(r.contentType).toBe("text/plain; charset=utf-8");
    expect(r.text).toMatch(/^-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=\n-----END PUBLIC KEY-----\n$/);
    const key = createPublicKey(r.text);
    expect(key.asymmetricKeyType).toBe("ed25519");
    await c.reset();
    expect((await c.admin("GET", "/api/signature/public-key")).text).toBe(r.text);
  });
});
