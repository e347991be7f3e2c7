import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();
beforeEach(async () => {
  await c.admin("POST", "/api/repos?forge_remote_id=101"); // acme/api: main, develop, release/v1 (repo 1)
  await c.admin("POST", "/api/repos?forge_remote_id=103"); // acme/infra: private, alice has no access (repo 2)
});

describe("branches and pull requests, from the forge", () => {
  it("branches in the forge's order, paginated like every list", async () => {
    const r = await c.admin("GET", "/api/repos/1/branches");
    expect([r.status, r.text]).toEqual([200, '["main","develop","release/v1"]']);
    expect((await c.admin("GET", "/api/repos/1/branches?page=2&perPage=2")).json).toEqual(["release/v1"]);
    expect((await c.admin("GET", "/api/repos/1/branches?page=3&perPage=2")).text).toBe("[]");
    expect((await c.call("GET", "/api/repos/1/branches")).status).toBe(200); // public: anyone may pull
  });

  it("pull requests: the catalogue has none", async () => {
    const r = await c.admin("GET", "/api/repos/1/pull_requests");
    expect([r.status, r.text]).toEqual([200, "[]"]);
  });

  it("MustPull: 404 to a user without access, 401 to nobody", async () => {
    for (const p of ["branches", "pull_requests"]) {
      const a = await c.alice("GET", `/api/repos/2/${p}`);
      expect([a.status, a.text], p).toEqual([404, ""]);
      expect((await c.call("GET", `/api/repos/2/${p}`)).status, p).toBe(401);
      expect((await c.admin("GET", `/api/repos/2/${p}`)).status, p).toBe(200);
    }
  });
});
