import { describe, expect, it } from "vitest";
import { messageOf, usePlugin } from "../support/plugin.js";

/**
 * Forge 1 is the server's primary forge: v3.17.0 writes it from its environment at every start and
 * deletes it when asked (test/conformance/cases.ts), locking out its users. The spec's `quirks.serverOwned`
 * makes every write path refuse it: import (Read by ID), update, delete and adopt, sending nothing.
 */
const { emu, plugin } = usePlugin();
const refused = /forge ".*": this is forge 1, the server's primary forge: .*deleting it locks out every user/s;

describe("forge 1 is never written", () => {
  it("import, update, delete and adopt are refused with the reason and the way out, and nothing is sent", async () => {
    const api = emu.client();
    const forgeOne = await api.get<any>("/forges/1");
    await emu.clearRequests();

    const imported = await plugin.read("Forge", "1").then(() => "imported", messageOf);
    expect(imported).toMatch(refused);
    expect(imported).toMatch(/it cannot be imported/);

    const state = { forgeId: 1, type: forgeOne.type, url: forgeOne.url, client: "", skipVerify: false, oauthHost: "", orgs: [], additionalOptions: {} };
    const updated = await plugin.update("Forge", "1", state, { ...state, client: "mine" }).then(() => "updated", messageOf);
    expect(updated).toMatch(refused);
    expect(updated).toMatch(/nothing was sent.*pulumi state delete/s);

    const deleted = await plugin.delete("Forge", "1", state).then(() => "deleted", messageOf);
    expect(deleted).toMatch(refused);
    expect(deleted).toMatch(/pulumi state delete <urn>/);

    const { inputs } = await plugin.check("Forge", {}, { type: forgeOne.type, url: forgeOne.url, adopt: true });
    expect(await plugin.create("Forge", inputs).then(() => "adopted", messageOf)).toMatch(/this is forge 1.*never adopts it/s);

    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect(await api.get("/forges/1")).toEqual(forgeOne);
  });
});
