import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "./testing.js";

const c = useTestClient();
beforeEach(async () => {
  await c.admin("POST", "/api/repos?forge_remote_id=101"); // acme/api, branches main, develop, release/v1
});

const base = "/api/repos/1/cron";

describe("crons (§9)", () => {
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
