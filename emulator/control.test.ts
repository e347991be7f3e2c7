import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "./index.js";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();

const S = { name: "s", value: "v", events: ["push"] };

describe("fault injection", () => {
  it("status + body, count-limited, method/path matching", async () => {
    await c.control("POST", "faults", { rules: [{ method: "GET", path: "^/api/user$", status: 503, body: "down", count: 1 }] });
    const r = await c.admin("GET", "/api/user");
    expect([r.status, r.text]).toEqual([503, "down"]);
    expect((await c.admin("GET", "/api/user")).status).toBe(200);
  });

  it("429 with Retry-After", async () => {
    await c.control("POST", "faults", { rules: [{ path: "secrets", status: 429, retryAfter: 2, count: 1 }] });
    const r = await c.admin("GET", "/api/secrets");
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("2");
  });

  it("latency only delays", async () => {
    await c.control("POST", "faults", { rules: [{ path: "^/version$", latencyMs: 120 }] });
    const t = Date.now();
    expect((await c.call("GET", "/version")).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(100);
  });

  it("answer latency: the server has acted before the late answer", async () => {
    await c.control("POST", "faults", { rules: [{ method: "POST", path: "^/api/secrets$", answerLatencyMs: 400, count: 1 }] });
    const t = Date.now();
    const posted = c.admin("POST", "/api/secrets", S);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await c.admin("GET", "/api/secrets")).json).toHaveLength(1); // stored while the answer waits
    expect((await posted).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(380);
  });

  it("drop before: no answer, no state change", async () => {
    await c.control("POST", "faults", { rules: [{ method: "POST", path: "^/api/secrets$", drop: "before", count: 1 }] });
    await expect(c.admin("POST", "/api/secrets", S)).rejects.toThrow();
    expect((await c.admin("GET", "/api/secrets")).json).toEqual([]);
  });

  it("drop after: state changed but no answer", async () => {
    await c.control("POST", "faults", { rules: [{ method: "POST", path: "^/api/secrets$", drop: "after", count: 1 }] });
    await expect(c.admin("POST", "/api/secrets", S)).rejects.toThrow();
    expect((await c.admin("GET", "/api/secrets")).json).toHaveLength(1);
    expect((await c.admin("POST", "/api/secrets", S)).status).toBe(500); // the retry sees the duplicate
  });

  it("rate with a seed is reproducible; DELETE clears", async () => {
    const run = async () => {
      await c.control("POST", "faults", { rules: [{ path: "^/version$", status: 500, rate: 0.5 }], seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await c.call("GET", "/version")).status);
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
    await c.control("DELETE", "faults");
    expect((await c.call("GET", "/version")).status).toBe(200);
  });
});

describe("reported version", () => {
  it("the version option changes /version, the header and the web page until reset", async () => {
    await c.control("POST", "options", { version: "2.8.3" });
    const v = await c.call("GET", "/version");
    expect(v.json).toEqual({ source: "https://github.com/woodpecker-ci/woodpecker", version: "2.8.3" });
    expect(v.headers.get("x-woodpecker-version")).toBe("2.8.3");
    expect((await c.call("GET", "/no-such-page")).text).toContain('window.WOODPECKER_VERSION = "2.8.3"');
    expect((await c.control("POST", "options", { version: 3 })).error).toMatch(/must be a string/);
    await c.control("POST", "reset");
    expect((await c.call("GET", "/version")).json.version).toBe("3.17.0");
  });
});

describe("request log", () => {
  it("records method, raw path, query, status in order; control calls are not logged", async () => {
    await c.control("DELETE", "requests");
    await c.admin("GET", "/api/repos/1/secrets/a%2Fb?x=1");
    await c.call("GET", "/version");
    const log = await c.control("GET", "requests");
    expect(log.map((e: any) => [e.method, e.path, e.query, e.status])).toEqual([
      ["GET", "/api/repos/1/secrets/a%2Fb", "x=1", 404],
      ["GET", "/version", "", 200],
    ]);
    expect(typeof log[0].ms).toBe("number");
  });
});

describe("seed and persistence", () => {
  it("seed creates forge repos, users with tokens and pipelines", async () => {
    const out = await c.control("POST", "seed", {
      forgeRepos: [{ owner: "acme", name: "new", remoteId: "555", pushers: ["bob"], admins: ["admin"] }],
      users: [{ login: "bob" }],
    });
    expect(out.forgeRepos).toEqual([{ remoteId: "555", fullName: "acme/new" }]);
    expect(out.users[0]).toMatchObject({ login: "bob", id: 3 });
    expect((await c.call("GET", "/api/user", { token: out.users[0].token })).json.login).toBe("bob");
    expect((await c.admin("POST", "/api/repos?forge_remote_id=555")).status).toBe(200);
    const p = await c.control("POST", "seed", { pipelines: [{ repoId: 1, count: 3 }] });
    expect(p.pipelines.map((x: any) => x.number)).toEqual([1, 2, 3]);
  });

  it("stateFile round trip", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wp-emu-"));
    const file = join(dir, "state.json");
    try {
      const e1 = await startEmulator({ port: 0, stateFile: file });
      const h = { Authorization: `Bearer ${e1.adminToken}`, "Content-Type": "application/json" };
      expect((await fetch(`${e1.url}/api/repos?forge_remote_id=101`, { method: "POST", headers: h })).status).toBe(200);
      expect((await fetch(`${e1.url}/api/repos/1/secrets`, { method: "POST", headers: h, body: JSON.stringify(S) })).status).toBe(200);
      const token = e1.adminToken;
      await e1.close();
      const e2 = await startEmulator({ port: 0, stateFile: file });
      expect(e2.adminToken).toBe(token);
      const r = await fetch(`${e2.url}/api/repos/1/secrets/s`, { headers: h });
      expect(r.status).toBe(200);
      const again = await fetch(`${e2.url}/api/repos/1/secrets`, { method: "POST", headers: h, body: JSON.stringify({ ...S, name: "t" }) });
      expect((await again.json()).id).toBe(2);
      await e2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
