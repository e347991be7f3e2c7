import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();
beforeEach(async () => {
  await c.admin("POST", "/api/repos?forge_remote_id=101"); // repo 1, org 3 (acme)
});

const R = { address: "ghcr.io", username: "bot", password: "pw" };

describe("registries", () => {
  it("repo POST and PATCH echo the request body with password cleared", async () => {
    const p = await c.admin("POST", "/api/repos/1/registries", R);
    expect(p.status).toBe(200);
    expect(p.json).toEqual({ id: 0, org_id: 0, repo_id: 0, address: "ghcr.io", username: "bot", password: "", readonly: false });
    const g = await c.admin("GET", "/api/repos/1/registries/ghcr.io");
    expect(g.json).toEqual({ id: 1, org_id: 0, repo_id: 1, address: "ghcr.io", username: "bot", password: "", readonly: false });
    const u = await c.admin("PATCH", "/api/repos/1/registries/ghcr.io", { password: "new" });
    expect(u.json).toEqual({ id: 0, org_id: 0, repo_id: 0, address: "", username: "", password: "", readonly: false });
    // address is ignored on repo PATCH
    await c.admin("PATCH", "/api/repos/1/registries/ghcr.io", { address: "docker.io", username: "u2" });
    expect((await c.admin("GET", "/api/repos/1/registries/ghcr.io")).json.username).toBe("u2");
  });

  it("null vs [] and status codes per level", async () => {
    expect((await c.admin("GET", "/api/repos/1/registries")).text).toBe("null");
    expect((await c.admin("GET", "/api/orgs/3/registries")).text).toBe("[]");
    expect((await c.admin("GET", "/api/registries")).text).toBe("[]");
    const rp = await c.admin("POST", "/api/repos/1/registries", { ...R, password: "" });
    expect([rp.status, rp.text]).toEqual([400, "Error inserting registry. invalid registry password"]);
    const op = await c.admin("POST", "/api/orgs/3/registries", { ...R, username: "" });
    expect([op.status, op.text]).toEqual([422, "Error inserting org '\\x03' registry. invalid registry username"]);
    const gp = await c.admin("POST", "/api/registries", { ...R, address: "" });
    expect([gp.status, gp.text]).toEqual([400, "Error inserting global registry. invalid registry address"]);
  });

  it("duplicates → 500 text; one id sequence; ordered by id", async () => {
    await c.admin("POST", "/api/repos/1/registries", R);
    const d = await c.admin("POST", "/api/repos/1/registries", R);
    expect([d.status, d.text]).toEqual([500, 'Error inserting registry "ghcr.io". on insert duplicate based on constraints was detected']);
    const o = await c.admin("POST", "/api/orgs/3/registries", { ...R, address: "b.io" });
    const o2 = await c.admin("POST", "/api/orgs/3/registries", { ...R, address: "a.io" });
    expect([o.json.id, o2.json.id]).toEqual([2, 3]);
    expect((await c.admin("GET", "/api/orgs/3/registries")).json.map((r: any) => r.address)).toEqual(["b.io", "a.io"]);
  });

  it("org/global PATCH returns the stored row and may rename; collision → 500", async () => {
    await c.admin("POST", "/api/registries", R);
    await c.admin("POST", "/api/registries", { ...R, address: "docker.io" });
    const u = await c.admin("PATCH", "/api/registries/ghcr.io", { address: "quay.io" });
    expect(u.json).toMatchObject({ id: 1, address: "quay.io", username: "bot", password: "" });
    expect((await c.admin("GET", "/api/registries/ghcr.io")).status).toBe(404);
    const col = await c.admin("PATCH", "/api/registries/quay.io", { address: "docker.io" });
    expect(col.status).toBe(500);
    expect((await c.alice("GET", "/api/registries")).json).toHaveLength(2);
    expect((await c.alice("DELETE", "/api/registries/quay.io")).status).toBe(403);
  });

  it("addresses with / sent as %2F", async () => {
    const addr = "localhost:5000/team a/ü";
    expect((await c.admin("POST", "/api/orgs/3/registries", { ...R, address: addr })).status).toBe(200);
    const g = await c.admin("GET", `/api/orgs/3/registries/${encodeURIComponent(addr)}`);
    expect(g.json.address).toBe(addr);
    expect((await c.admin("DELETE", `/api/orgs/3/registries/${encodeURIComponent(addr)}`)).status).toBe(204);
  });
});
