import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WoodpeckerClient } from "../../provider/client/client.js";
import { expandPath } from "../../provider/client/paths.js";
import { EmulatorFixture } from "../support/emulator.js";
import { failure } from "../support/failure.js";

let emu: EmulatorFixture;
let client: WoodpeckerClient;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
});
afterAll(async () => {
  await client?.close();
  await emu.close();
});
beforeEach(async () => {
  await emu.reset();
  client = emu.client();
});

const secret = (name: string) => ({ name, value: "v", events: ["push"] });

describe("requests", () => {
  it("reads /version at the server root and sends the token as a Bearer header", async () => {
    const version = await client.root<{ version: string }>("/version");
    expect(version.version).toMatch(/^\d+\.\d+/);
    const me = await client.get<{ login: string; admin: boolean }>("/user");
    expect(me).toMatchObject({ login: "admin", admin: true });
  });

  it("sends JSON with its content type, so the server reads the body", async () => {
    const created = await client.post<{ name: string; events: string[] }>("/secrets", { name: "s1", value: "v", events: ["tag", "push"] });
    expect(created).toMatchObject({ name: "s1", events: ["push", "tag"] });
    expect(created).not.toHaveProperty("value");
  });

  it("pages through more than 50 objects until a short page, and stops at a limit", async () => {
    for (let i = 0; i < 120; i++) await client.post("/secrets", secret(`s${String(i).padStart(3, "0")}`));
    await emu.clearRequests();
    const all = await client.list<{ name: string }>("/secrets");
    expect(all).toHaveLength(120);
    expect(new Set(all.map((s) => s.name)).size).toBe(120);
    expect((await emu.requests()).map((r) => r.query)).toEqual(["page=1&perPage=50", "page=2&perPage=50", "page=3&perPage=50"]);
    await emu.clearRequests();
    expect(await client.list("/secrets", { limit: 60 })).toHaveLength(60);
    expect(await emu.requests()).toHaveLength(2);
  });

  it("takes an exactly full last page as one more (empty) page, and null lists as empty", async () => {
    for (let i = 0; i < 50; i++) await client.post("/secrets", secret(`n${i}`));
    expect(await client.list("/secrets")).toHaveLength(50);
    // Repository registries answer null when there are none.
    const [repo] = await activate("acme/api");
    expect(await client.list(`/repos/${repo.id}/registries`)).toEqual([]);
  });

  it("escapes awkward names in path segments and keeps slashes in wildcard paths", async () => {
    const names = ["with/slash", "100%", "a b:c", "ünïcødé-✓", "dots..and?query#hash"];
    for (const name of names) await client.post("/secrets", secret(name));
    for (const name of names) {
      const got = await client.get<{ name: string }>(expandPath("/secrets/{name}", { name }));
      expect(got.name).toBe(name);
    }
    await activate("acme/api");
    const repo = await client.get<{ full_name: string }>(expandPath("/repos/lookup/{+fullName}", { fullName: "acme/api" }));
    expect(repo.full_name).toBe("acme/api");
  });
});

describe("errors name the object and the likely cause", () => {
  it("401: bad token", async () => {
    const bad = emu.client({ token: "not-a-token" });
    const error = await failure(bad.get("/user", { object: "the current user" }));
    expect(error).toMatchObject({ reason: "unauthorized", status: 401, method: "GET", path: "/api/user" });
    expect(error.message).toMatch(/^the current user: the API token is missing, wrong or revoked/);
    expect(error.message).toContain("woodpecker:token");
    await bad.close();
  });

  it("403: needs an instance admin", async () => {
    const alice = emu.client({ as: "user" });
    const error = await failure(alice.post("/secrets", secret("x"), { object: 'global secret "x"' }));
    expect(error).toMatchObject({ reason: "forbidden", status: 403 });
    expect(error.message).toContain("instance admin");
    expect(error.message).toContain("User not authorized");
    await alice.close();
  });

  it("404 on a repository path mentions missing push permission", async () => {
    const [repo] = await activate("acme/infra");
    const alice = emu.client({ as: "user" });
    const error = await failure(alice.get(`/repos/${repo.id}/secrets`));
    expect(error).toMatchObject({ reason: "not-found", status: 404 });
    expect(error.message).toContain("push permission");
    await alice.close();
  });

  it("500 on a duplicate means it exists, with the adopt hint", async () => {
    await client.post("/secrets", secret("dup"));
    const error = await failure(client.post("/secrets", secret("dup"), { object: 'global secret "dup"' }));
    expect(error).toMatchObject({ reason: "exists", status: 500 });
    expect(error.message).toContain("adopt: true");
    expect(error.message).toContain("on insert duplicate");
  });

  it("422: the server's validation text is kept", async () => {
    const error = await failure(client.post("/secrets", { name: "e", value: "v", events: [] }));
    expect(error).toMatchObject({ reason: "invalid", status: 422 });
    expect(error.message).toContain("no event specified");
  });

  it("an HTML page on an /api path is an error about the server URL, never data", async () => {
    const error = await failure(client.get("/no-such-route"));
    expect(error.reason).toBe("not-json");
    expect(error.message).toContain("woodpecker:server");
    // A wrong method on a real route is answered the same way by the server.
    const wrongMethod = await failure(client.request("PATCH", "/user", { body: {} }));
    expect(wrongMethod.reason).toBe("not-json");
  });

  it("no server: a connection error naming the request", async () => {
    const nowhere = new WoodpeckerClient({ server: "http://127.0.0.1:1", token: "t", retries: 1, backoffMs: 1 });
    const error = await failure(nowhere.get("/user"));
    expect(error.reason).toBe("connection");
    expect(error.message).toContain("GET /api/user");
    expect(error.message).toContain("ECONNREFUSED");
    await nowhere.close();
  });

  it("never puts the token in a message", async () => {
    const token = emu.emulator.adminToken;
    await failure(client.get("/no-such-route")).then((e) => expect(e.message).not.toContain(token));
    await failure(client.get("/secrets/missing")).then((e) => expect(JSON.stringify(e)).not.toContain(token));
  });
});

describe("retries", () => {
  it("retries idempotent requests on 502, 503, 504 and dropped connections", async () => {
    await client.post("/secrets", secret("r"));
    await emu.faults([
      { method: "GET", path: "^/api/secrets/r$", status: 503, count: 1 },
      { method: "GET", path: "^/api/secrets/r$", status: 502, count: 1 },
      { method: "GET", path: "^/api/secrets/r$", drop: "before", count: 1 },
      { method: "GET", path: "^/api/secrets/r$", status: 504, count: 1 },
    ]);
    await emu.clearRequests();
    expect(await client.get<{ name: string }>("/secrets/r")).toMatchObject({ name: "r" });
    const statuses = (await emu.requests()).map((r) => r.status);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.filter((s) => s === 503 || s === 502 || s === 504)).toHaveLength(3);
  });

  it("PATCH and DELETE are retried too", async () => {
    await client.post("/secrets", secret("p"));
    await emu.faults([
      { method: "PATCH", status: 503, count: 2 },
      { method: "DELETE", status: 502, count: 1 },
    ]);
    expect(await client.patch<{ note: string }>("/secrets/p", { note: "n" })).toMatchObject({ note: "n" });
    await client.delete("/secrets/p");
    await failure(client.get("/secrets/p")).then((e) => expect(e.reason).toBe("not-found"));
  });

  it("gives up after the configured retries and reports the last answer", async () => {
    // Counting the tries of one request: without the client's first-request /version read.
    const impatient = emu.client({ retries: 2, checkVersion: false });
    await emu.faults([{ method: "GET", status: 503, body: "maintenance" }]);
    await emu.clearRequests();
    const error = await failure(impatient.get("/user"));
    expect(error).toMatchObject({ reason: "server", status: 503 });
    expect(error.message).toContain("maintenance");
    expect(await emu.requests()).toHaveLength(3);
    await impatient.close();
  });

  it("never retries a POST the server may have acted on", async () => {
    await emu.faults([{ method: "POST", status: 503, count: 1 }]);
    await emu.clearRequests();
    await failure(client.post("/secrets", secret("once"))).then((e) => expect(e.status).toBe(503));
    expect((await emu.requests()).filter((r) => r.method === "POST")).toHaveLength(1);

    await emu.faults([{ method: "POST", drop: "after", count: 1 }]);
    await emu.clearRequests();
    await failure(client.post("/secrets", secret("lost"))).then((e) => expect(e.reason).toBe("connection"));
    expect((await emu.requests()).filter((r) => r.method === "POST")).toHaveLength(1);
    // The server did act on it: that is why it was not sent again.
    expect(await client.get("/secrets/lost")).toMatchObject({ name: "lost" });
  });

  it("retries a POST answered 429, which the server did not act on, and honours Retry-After", async () => {
    await emu.faults([{ method: "POST", status: 429, retryAfter: 1, count: 1 }]);
    const started = Date.now();
    await client.post("/secrets", secret("later"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await client.get("/secrets/later")).toMatchObject({ name: "later" });
  });

  it("succeeds on the last retry it is allowed", async () => {
    const slow = emu.client({ backoffMs: 100, maxBackoffMs: 100, retries: 3, checkVersion: false });
    await emu.faults([{ method: "GET", status: 503, count: 3 }]);
    await emu.clearRequests();
    await slow.get("/user");
    const requests = await emu.requests();
    expect(requests).toHaveLength(4);
    await slow.close();
  });
});

describe("limits", () => {
  it("times out a request that gets no answer", async () => {
    // undici checks header timeouts on a timer that ticks about every 500 ms, so the answer must be
    // far later than the limit; and one request's timeout, without the first-request /version read.
    const quick = emu.client({ timeoutMs: 200, retries: 0, checkVersion: false });
    await emu.faults([{ method: "GET", latencyMs: 3000 }]);
    const error = await failure(quick.get("/user"));
    expect(error.reason).toBe("timeout");
    await quick.close();
  });

  it("caps requests in flight per server", async () => {
    const capped = emu.client({ maxConcurrency: 2 });
    await emu.faults([{ method: "GET", latencyMs: 150 }]);
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => capped.get("/user")));
    // Six requests two at a time cannot finish before three rounds of latency.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 20);
    await capped.close();
  });
});

/** Activates seeded forge repositories through the API, as a user would. */
async function activate(...fullNames: string[]): Promise<{ id: number }[]> {
  const forgeRepos = await client.get<{ full_name: string; forge_remote_id: string }[]>("/user/repos", { query: { all: true } });
  const out = [];
  for (const fullName of fullNames) {
    const remote = forgeRepos.find((r) => r.full_name === fullName)!;
    out.push(await client.post<{ id: number }>("/repos", undefined, { query: { forge_remote_id: remote.forge_remote_id } }));
  }
  return out;
}

describe("a server under a root path (WOODPECKER_ROOT_PATH)", () => {
  it("keeps the path of woodpecker:server in front of /api and /version", async () => {
    const seen: string[] = [];
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(200, { "content-type": "application/json" }).end('{"login":"admin","version":"3.17.0"}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const prefixed = new WoodpeckerClient({ server: `http://127.0.0.1:${(server.address() as { port: number }).port}/ci/`, retries: 0 });
    try {
      await prefixed.get("/user");
      await prefixed.root("/version");
      // The client reads /version once, before its first request.
      expect(seen).toEqual(["/ci/version", "/ci/api/user", "/ci/version"]);
    } finally {
      await prefixed.close();
      server.close();
    }
  });
});
