import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();
beforeEach(async () => {
  await c.admin("POST", "/api/repos?forge_remote_id=101"); // acme/api, branches main, develop, release/v1
});

const base = "/api/repos/1/cron";

describe("crons", () => {
  it("create: enabled defaults to false, timezone UTC, next_exec in the future", async () => {
    const r = await c.admin("POST", base, { name: " nightly ", schedule: "0 3 * * *" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: 1, name: "nightly", repo_id: 1, creator_id: 1, timezone: "UTC", branch: "", enabled: false, variables: null });
    expect(r.json.next_exec).toBeGreaterThan(Date.now() / 1000);
    expect(r.json.created).toBeGreaterThan(0);
  });

  it("duplicate → 409; rename collision → 500", async () => {
    await c.admin("POST", base, { name: "a", schedule: "@daily" });
    await c.admin("POST", base, { name: "b", schedule: "@daily" });
    const d = await c.admin("POST", base, { name: "a", schedule: "@hourly" });
    expect([d.status, d.text]).toEqual([409, "cron with this exists for this repo already"]);
    expect((await c.admin("PATCH", `${base}/2`, { name: "a" })).status).toBe(500);
  });

  it("validation texts", async () => {
    expect((await c.admin("POST", base, { schedule: "@daily" })).text).toBe("Error inserting cron. validate failed: name is required");
    expect((await c.admin("POST", base, { name: "x" })).text).toBe("Error inserting cron. validate failed: schedule is required");
    const s = await c.admin("POST", base, { name: "x", schedule: "* * * * * *" });
    expect(s.status).toBe(422);
    expect(s.text).toMatch(/^Error inserting cron\. validate failed: can't parse schedule: /);
    const tz = await c.admin("POST", base, { name: "x", schedule: "@daily", timezone: "Mars/Olympus" });
    expect([tz.status, tz.text]).toEqual([422, "Error inserting cron. validate failed: can't parse timezone: unknown time zone Mars/Olympus"]);
    const never = await c.admin("POST", base, { name: "x", schedule: "0 0 30 2 *" });
    expect([never.status, never.text]).toEqual([400, "Error inserting cron. schedule could not parsed: cron schedule yields no future execution time"]);
    const br = await c.admin("POST", base, { name: "x", schedule: "@daily", branch: "nope" });
    expect(br.status).toBe(400);
    expect(br.text).toMatch(/^Error inserting cron\. branch not resolved: /);
    for (const schedule of ["@every 90s", "CRON_TZ=Europe/Berlin 0 3 * * *", "0 0 L * ?", "0 0 ? * FRI#2", "@weekly"]) {
      const ok = await c.admin("POST", base, { name: schedule, schedule, branch: "release/v1", timezone: "America/New_York", enabled: true });
      expect(ok.status, schedule).toBe(200);
    }
  });

  it("PATCH: branch/timezone cannot be cleared, enabled toggles, variables replaced", async () => {
    await c.admin("POST", base, { name: "n", schedule: "@daily", branch: "develop", timezone: "Europe/Berlin", variables: { A: "1" } });
    const p = await c.admin("PATCH", `${base}/1`, { branch: "", timezone: " ", enabled: true, variables: {} });
    expect(p.json).toMatchObject({ branch: "develop", timezone: "Europe/Berlin", enabled: true, variables: {} });
    const bad = await c.admin("PATCH", `${base}/1`, { schedule: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/^Error inserting cron\. schedule could not parsed: /);
    const badTz = await c.admin("PATCH", `${base}/1`, { timezone: "No/Where" });
    expect([badTz.status, badTz.text]).toEqual([400, "Error inserting cron. schedule could not parsed: unknown time zone No/Where"]);
    expect((await c.alice("PATCH", `${base}/1`, { name: "m" })).json.creator_id).toBe(2);
  });

  it("get/delete by id; bad id 400; list null when empty, ordered by name", async () => {
    expect((await c.admin("GET", base)).text).toBe("null");
    await c.admin("POST", base, { name: "z", schedule: "@daily" });
    await c.admin("POST", base, { name: "a", schedule: "@daily" });
    expect((await c.admin("GET", base)).json.map((x: any) => x.name)).toEqual(["a", "z"]);
    expect((await c.admin("GET", `${base}/abc`)).status).toBe(400);
    expect((await c.admin("GET", `${base}/99`)).status).toBe(404);
    expect((await c.admin("DELETE", `${base}/1`)).status).toBe(204);
    expect((await c.admin("DELETE", `${base}/1`)).status).toBe(404);
  });
});

describe("run a cron now", () => {
  it("204 without a body: the forge has no pipeline config, so the pipeline is filtered out", async () => {
    const cron = (await c.admin("POST", base, { name: "now", schedule: "@daily" })).json;
    const r = await c.admin("POST", `${base}/${cron.id}`);
    expect([r.status, r.text, r.contentType]).toEqual([204, "", ""]);
    expect(r.headers.get("pipeline-filtered")).toBe("true");
    expect((await c.admin("GET", "/api/repos/1/pipelines")).text).toBe("[]");
    // the pipeline row was inserted and deleted again: its id is used up
    const seeded = await c.control("POST", "seed", { pipelines: [{ repoId: 1 }] });
    expect(seeded.pipelines[0]).toMatchObject({ number: 1, id: 2 });
    expect((await c.admin("GET", `${base}/${cron.id}`)).json).toEqual(cron);
  });

  it("404 for an unknown id, 400 for a non-numeric one; the repo guards apply", async () => {
    const unknown = await c.admin("POST", `${base}/99`);
    expect([unknown.status, unknown.text]).toEqual([404, ""]);
    const bad = await c.admin("POST", `${base}/abc`);
    expect([bad.status, bad.text]).toEqual([400, 'Error parsing cron id. strconv.ParseInt: parsing "abc": invalid syntax']);
    const cron = (await c.admin("POST", base, { name: "now", schedule: "@daily" })).json;
    expect((await c.alice("POST", `${base}/${cron.id}`)).status).toBe(204); // alice may push to acme/api
    expect((await c.call("POST", `${base}/${cron.id}`)).status).toBe(401);
    await c.admin("POST", "/api/repos?forge_remote_id=103"); // acme/infra: alice has no access
    const hidden = (await c.admin("POST", "/api/repos/2/cron", { name: "x", schedule: "@daily" })).json;
    expect([(await c.alice("POST", `/api/repos/2/cron/${hidden.id}`)).status]).toEqual([404]);
    // a cron of another repo is not found through this one
    expect((await c.admin("POST", `${base}/${hidden.id}`)).status).toBe(404);
  });

  it("500 when the cron's branch is gone from the forge; the id is printed as a Go character literal", async () => {
    const cron = (await c.admin("POST", base, { name: "rel", schedule: "@daily", branch: "release/v1" })).json;
    expect(cron.id).toBe(1);
    await c.control("POST", "seed", {
      forgeRepos: [{ owner: "acme", name: "api", remoteId: "101", branches: ["main"], admins: ["admin"], pushers: ["alice"] }],
    });
    const r = await c.admin("POST", `${base}/1`);
    expect([r.status, r.text]).toEqual([500, "Error creating pipeline for cron '\\x01'. branch not found: release/v1"]);
  });
});
