import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();
beforeEach(async () => {
  expect((await c.admin("POST", "/api/repos?forge_remote_id=101")).status).toBe(200); // acme/api → repo 1
  expect((await c.admin("POST", "/api/repos?forge_remote_id=103")).status).toBe(200); // acme/infra → repo 2
});

const S = { name: "tok", value: "s3cret", events: ["tag", "push"] };

describe("repo secrets", () => {
  it("create: value never returned, events sorted, images null", async () => {
    const r = await c.admin("POST", "/api/repos/1/secrets", S);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: 1, org_id: 0, repo_id: 1, name: "tok", images: null, events: ["push", "tag"], note: "" });
    expect("value" in r.json).toBe(false);
    const g = await c.admin("GET", "/api/repos/1/secrets/tok");
    expect(g.json).toEqual(r.json);
  });

  it("without JSON content type the body is ignored → 422 no event", async () => {
    const r = await c.call("POST", "/api/repos/1/secrets", { token: c.emu.adminToken, body: JSON.stringify(S) });
    expect(r.status).toBe(422);
    expect(r.text).toBe("Error inserting secret. invalid secret event: no event specified");
    const r2 = await c.call("POST", "/api/repos/1/secrets", { token: c.emu.adminToken, body: JSON.stringify(S), contentType: "text/plain" });
    expect(r2.status).toBe(422);
  });

  it("empty or malformed JSON → 400", async () => {
    const r = await c.call("POST", "/api/repos/1/secrets", { token: c.emu.adminToken, body: "", contentType: "application/json" });
    expect(r.status).toBe(400);
    expect(r.text).toBe("Error parsing secret. EOF");
    const r2 = await c.call("POST", "/api/repos/1/secrets", { token: c.emu.adminToken, body: "{nope", contentType: "application/json; charset=utf-8" });
    expect(r2.status).toBe(400);
    expect(r2.text).toMatch(/^Error parsing secret\. /);
    const r3 = await c.admin("POST", "/api/repos/1/secrets", { ...S, events: "push" });
    expect(r3.status).toBe(400);
  });

  it("duplicate → 500 with the insert-duplicate text", async () => {
    await c.admin("POST", "/api/repos/1/secrets", S);
    const r = await c.admin("POST", "/api/repos/1/secrets", S);
    expect(r.status).toBe(500);
    expect(r.contentType).toMatch(/^text\/plain/);
    expect(r.text).toBe('Error inserting secret "tok". on insert duplicate based on constraints was detected');
  });

  it("same name allowed at repo, org and global level; one id sequence", async () => {
    const a = await c.admin("POST", "/api/repos/1/secrets", S);
    const b = await c.admin("POST", "/api/orgs/3/secrets", S);
    const g = await c.admin("POST", "/api/secrets", S);
    expect([a.json.id, b.json.id, g.json.id]).toEqual([1, 2, 3]);
    expect(b.json).toMatchObject({ org_id: 3, repo_id: 0 });
    expect(g.json).toMatchObject({ org_id: 0, repo_id: 0 });
  });

  it("null vs [] when empty", async () => {
    expect((await c.admin("GET", "/api/repos/1/secrets")).text).toBe("null");
    expect((await c.admin("GET", "/api/orgs/3/secrets")).text).toBe("[]");
    expect((await c.admin("GET", "/api/secrets")).text).toBe("[]");
  });

  it("validation texts and dotted tags", async () => {
    const bad = await c.admin("POST", "/api/repos/1/secrets", { ...S, images: ["alpine:3.20"] });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/^Error inserting secret\. invalid secret image: image 'alpine:3\.20' do not match regexp/);
    for (const img of ["alpine:3", "alpine:latest", "ghcr.io/a/b:v1", "localhost:5000/x"]) {
      const r = await c.admin("POST", "/api/repos/1/secrets", { ...S, name: `n-${img}`, images: [img] });
      expect(r.status, img).toBe(200);
    }
    const ev = await c.admin("POST", "/api/repos/1/secrets", { ...S, events: ["push", "nope"] });
    expect(ev.text).toBe("Error inserting secret. invalid webhook event: nope\ninvalid secret event");
    expect((await c.admin("POST", "/api/repos/1/secrets", { ...S, name: "" })).text).toBe("Error inserting secret. invalid secret name: empty name");
    expect((await c.admin("POST", "/api/repos/1/secrets", { ...S, value: "" })).text).toBe("Error inserting secret. invalid secret value: empty value");
  });

  it("PATCH: name ignored, empty value keeps old, images [] clears, events [] fails", async () => {
    await c.admin("POST", "/api/repos/1/secrets", { ...S, images: ["alpine"] });
    const p = await c.admin("PATCH", "/api/repos/1/secrets/tok", { name: "renamed", value: "", images: [], note: "hi" });
    expect(p.status).toBe(200);
    expect(p.json).toMatchObject({ name: "tok", images: [], note: "hi", events: ["push", "tag"] });
    const e = await c.admin("PATCH", "/api/repos/1/secrets/tok", { events: [] });
    expect(e.status).toBe(422);
    expect(e.text).toBe("Error updating secret. invalid secret event: no event specified");
    expect((await c.admin("PATCH", "/api/repos/1/secrets/missing", { note: "x" })).status).toBe(404);
  });

  it("DELETE 204, then 404 empty", async () => {
    await c.admin("POST", "/api/repos/1/secrets", S);
    expect((await c.admin("DELETE", "/api/repos/1/secrets/tok")).status).toBe(204);
    const r = await c.admin("DELETE", "/api/repos/1/secrets/tok");
    expect(r.status).toBe(404);
    expect(r.text).toBe("");
  });

  it("guards: alice without push on acme/infra → 404 empty; anonymous → 401; alice with push ok", async () => {
    const r = await c.alice("GET", "/api/repos/2/secrets");
    expect(r.status).toBe(404);
    expect(r.text).toBe("");
    expect((await c.call("GET", "/api/repos/2/secrets")).status).toBe(401);
    expect((await c.alice("POST", "/api/repos/1/secrets", S)).status).toBe(200);
  });

  it("escaping: names with / (%2F), spaces and unicode", async () => {
    for (const name of ["a/b", "with space", "ünï-çødé", "x%y"]) {
      const r = await c.admin("POST", "/api/repos/1/secrets", { ...S, name });
      expect(r.status, name).toBe(200);
      const g = await c.admin("GET", `/api/repos/1/secrets/${encodeURIComponent(name)}`);
      expect(g.status, name).toBe(200);
      expect(g.json.name).toBe(name);
      expect((await c.admin("DELETE", `/api/repos/1/secrets/${encodeURIComponent(name)}`)).status).toBe(204);
    }
  });

  it("pagination: perPage capped at 50, no headers; list ordered by name", async () => {
    for (let i = 0; i < 120; i++) {
      const r = await c.admin("POST", "/api/orgs/3/secrets", { ...S, name: `s${String(119 - i).padStart(3, "0")}` });
      expect(r.status).toBe(200);
    }
    const p1 = await c.admin("GET", "/api/orgs/3/secrets?page=1&perPage=50");
    const p2 = await c.admin("GET", "/api/orgs/3/secrets?page=2&perPage=50");
    const p3 = await c.admin("GET", "/api/orgs/3/secrets?page=3&perPage=50");
    expect([p1.json.length, p2.json.length, p3.json.length]).toEqual([50, 50, 20]);
    expect(p1.json[0].name).toBe("s000");
    expect(p3.json[19].name).toBe("s119");
    expect((await c.admin("GET", "/api/orgs/3/secrets?perPage=500")).json.length).toBe(50);
    expect((await c.admin("GET", "/api/orgs/3/secrets?perPage=0")).json.length).toBe(50);
    expect((await c.admin("GET", "/api/orgs/3/secrets?perPage=abc&page=x")).json[0].name).toBe("s000");
    expect((await c.admin("GET", "/api/orgs/3/secrets?perPage=10&page=2")).json[0].name).toBe("s010");
    expect(p1.headers.get("link")).toBeNull();
    expect(p1.headers.get("x-total")).toBeNull();
  });
});

describe("org and global secrets", () => {
  it("org texts use Go %q of the org id", async () => {
    const r = await c.admin("POST", "/api/orgs/3/secrets", { ...S, events: [] });
    expect(r.status).toBe(422);
    expect(r.text).toBe("Error inserting org '\\x03' secret. invalid secret event: no event specified");
    await c.admin("POST", "/api/orgs/3/secrets", S);
    const d = await c.admin("POST", "/api/orgs/3/secrets", S);
    expect(d.status).toBe(500);
    expect(d.text).toBe("Error inserting org '\\x03' secret \"tok\". on insert duplicate based on constraints was detected");
    const p = await c.admin("PATCH", "/api/orgs/3/secrets/tok", { events: ["bad"] });
    expect(p.status).toBe(422);
  });

  it("global PATCH validation is 400, POST 422; reads for any user, writes admin only", async () => {
    expect((await c.admin("POST", "/api/secrets", { ...S, events: [] })).status).toBe(422);
    await c.admin("POST", "/api/secrets", S);
    const p = await c.admin("PATCH", "/api/secrets/tok", { events: [] });
    expect(p.status).toBe(400);
    expect(p.text).toBe("Error updating global secret. invalid secret event: no event specified");
    expect((await c.alice("GET", "/api/secrets")).json).toHaveLength(1);
    expect((await c.alice("GET", "/api/secrets/tok")).status).toBe(200);
    const w = await c.alice("POST", "/api/secrets", { ...S, name: "x" });
    expect([w.status, w.text]).toEqual([403, "User not authorized"]);
    const anon = await c.call("GET", "/api/secrets");
    expect([anon.status, anon.text]).toEqual([401, "User not authorized"]);
  });

  it("org secrets: MustOrgMember(true) → alice (member, not admin) gets 403 lower-case text", async () => {
    const r = await c.alice("GET", "/api/orgs/3/secrets");
    expect([r.status, r.text]).toEqual([403, "user not authorized"]);
    // her own personal org is hers
    expect((await c.alice("POST", "/api/orgs/2/secrets", S)).status).toBe(200);
  });
});
