import { beforeEach, describe, expect, it } from "vitest";
import { useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();
let repositoryId: number;
beforeEach(async () => {
  repositoryId = (await stack.up("Repository", "repo", { fullName: "acme/api" })).outputs.repositoryId;
});

const api = () => emu.client();
const crons = () => api().list<any>(`/repos/${repositoryId}/cron`);

describe("RepositoryCron", () => {
  it("creates enabled by default (the server's default is false) with one request", async () => {
    await emu.clearRequests();
    const cron = await stack.up("RepositoryCron", "nightly", { repositoryId, name: "nightly", schedule: "0 3 * * *" });
    expect((await emu.requests()).map((r) => r.method)).toEqual(["POST"]);
    expect(cron.id).toBe(`${repositoryId}/${cron.outputs.cronId}`);
    expect(cron.outputs).toMatchObject({ enabled: true, timezone: "UTC", branch: "", variables: {} });
    expect(await crons()).toMatchObject([{ name: "nightly", schedule: "0 3 * * *", enabled: true }]);
  });

  it("updates schedule, name, timezone and variables in place, keeping its id", async () => {
    const cron = await stack.up("RepositoryCron", "c", { repositoryId, name: "nightly", schedule: "0 3 * * *" });
    const updated = await stack.up(
      "RepositoryCron",
      "c",
      { repositoryId, name: "night", schedule: "@every 2h", timezone: "Europe/Berlin", variables: { A: "1" }, enabled: false },
      cron,
    );
    expect(updated.step).toBe("update");
    expect(updated.id).toBe(cron.id);
    expect(await crons()).toMatchObject([
      { id: cron.outputs.cronId, name: "night", schedule: "@every 2h", timezone: "Europe/Berlin", variables: { A: "1" }, enabled: false },
    ]);
  });

  it("going back to the default branch replaces the cron, deleting first since the name stays", async () => {
    const onMain = await stack.up("RepositoryCron", "c", { repositoryId, name: "weekly", schedule: "@weekly", branch: "main" });
    const diff = await stack.diff(onMain, { repositoryId, name: "weekly", schedule: "@weekly" });
    expect(diff).toMatchObject({ changes: "SOME", replaces: ["branch"], deleteBeforeReplace: true });
    const onDefault = await stack.up("RepositoryCron", "c", { repositoryId, name: "weekly", schedule: "@weekly" }, onMain);
    expect(onDefault.step).toBe("replace");
    expect(await crons()).toMatchObject([{ name: "weekly", branch: "" }]);
  });

  it("an unknown branch is the server's error, named", async () => {
    await expect(stack.up("RepositoryCron", "c", { repositoryId, name: "b", schedule: "@daily", branch: "no-such-branch" })).rejects.toThrow(
      /cron "b" of repository \d+: .*branch not resolved/s,
    );
  });

  it("a duplicate name fails with the adopt hint; adopt takes it over", async () => {
    await api().post(`/repos/${repositoryId}/cron`, { name: "taken", schedule: "@hourly" });
    await expect(stack.up("RepositoryCron", "c", { repositoryId, name: "taken", schedule: "@daily" })).rejects.toThrow(/adopt: true/);
    const adopted = await stack.up("RepositoryCron", "c", { repositoryId, name: "taken", schedule: "@daily", adopt: true });
    expect(await crons()).toMatchObject([{ id: adopted.outputs.cronId, schedule: "@daily", enabled: true }]);
  });

  it("adopting a cron stored without variables (the server keeps null) sends no write, and the next up is no change", async () => {
    await api().post(`/repos/${repositoryId}/cron`, { name: "bare", schedule: "@daily" });
    await api().patch(`/repos/${repositoryId}/cron/${(await crons())[0].id}`, { enabled: true });
    expect((await crons())[0].variables).toBeNull();
    await emu.clearRequests();
    const inputs = { repositoryId, name: "bare", schedule: "@daily", adopt: true };
    const adopted = await stack.up("RepositoryCron", "c", inputs);
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect(adopted.outputs.variables).toEqual({});
    const again = await stack.up("RepositoryCron", "c", inputs, adopted);
    expect(again.step).toBe("same");
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("refresh after an out-of-band delete drops it; already gone deletes fine", async () => {
    const cron = await stack.up("RepositoryCron", "c", { repositoryId, name: "x", schedule: "@daily" });
    await api().delete(`/repos/${repositoryId}/cron/${cron.outputs.cronId}`);
    expect(await stack.refresh(cron)).toBeUndefined();
    await stack.destroy(cron);
  });

  it("validates schedules and time zones as the server does", async () => {
    const problem = async (args: object) => (await stack.failures("RepositoryCron", { repositoryId, name: "n", schedule: "@daily", ...args }))[0];
    for (const good of ["*/5 * * * *", "0 0 1,15 * MON-FRI", "@midnight", "@every 1h30m", "CRON_TZ=Europe/Paris 0 9 * * *", "0 0 L * ?", "0 0 * * FRI#2"]) {
      expect(await problem({ schedule: good }), good).toBeUndefined();
    }
    expect(await problem({ schedule: "0 0 * * * *" })).toEqual({ property: "schedule", reason: expect.stringContaining("seconds") });
    expect(await problem({ schedule: "@every 500ms" })).toEqual({ property: "schedule", reason: expect.stringContaining("at least 1s") });
    expect(await problem({ schedule: "@fortnightly" })).toEqual({ property: "schedule", reason: expect.stringContaining("unknown descriptor") });
    expect(await problem({ schedule: "61 * * * *" })).toEqual({ property: "schedule", reason: expect.stringContaining("minute") });
    expect(await problem({ timezone: "Mars/Olympus" })).toEqual({ property: "timezone", reason: expect.stringContaining("IANA") });
    expect(await problem({ name: "" })).toEqual({ property: "name", reason: expect.stringContaining("empty") });
  });
});
