import { describe, expect, it } from "vitest";
import { specs } from "../../provider/resources/index.js";
import { MINIMAL_ARGS } from "../support/minimal-args.js";
import { usePlugin } from "../support/plugin.js";

/**
 * Inputs only the provider reads (no API field), through the plugin's Diff over gRPC: `adopt` is read
 * by create alone, so adding it to a resource already in state is no change; a flag read at destroy
 * (deleteOnDestroy) is a change, recorded by an update that sends nothing to the server.
 */

const { emu, plugin } = usePlugin();
const kinds = Object.keys(specs);
const args = (kind: string) => ({ ...MINIMAL_ARGS[kind], ...(kind === "Forge" ? { clientSecret: "s" } : {}) });

describe("adopt on a resource already in state", () => {
  it.each(kinds)("%s: adding, flipping or removing adopt is no change", async (kind) => {
    const olds = (await plugin.check(kind, {}, args(kind))).inputs;
    for (const [before, after] of [
      [undefined, true],
      [true, false],
      [true, undefined],
    ] as const) {
      const old = before === undefined ? olds : { ...olds, adopt: before };
      const news = (await plugin.check(kind, old, after === undefined ? args(kind) : { ...args(kind), adopt: after })).inputs;
      expect(await plugin.diff(kind, "1", old, news), `${before} → ${after}`).toMatchObject({ changes: "NONE", diffs: [], replaces: [] });
    }
  });

  it("beside a real change, only the real change shows", async () => {
    const olds = (await plugin.check("Agent", {}, { name: "runner" })).inputs;
    const news = (await plugin.check("Agent", olds, { name: "runner", noSchedule: true, adopt: true })).inputs;
    expect((await plugin.diff("Agent", "1", olds, news)).detailed).toEqual({ noSchedule: "UPDATE" });
  });
});

describe("a flag read at destroy", () => {
  it("deleteOnDestroy turned on is an update that sends nothing, and the next destroy reads it", async () => {
    const inputs = (await plugin.check("User", {}, { login: "bob" })).inputs;
    const user = await plugin.create("User", inputs);
    const news = (await plugin.check("User", inputs, { login: "bob", deleteOnDestroy: true, adopt: true })).inputs;
    expect((await plugin.diff("User", user.id, user.props, news)).detailed).toEqual({ deleteOnDestroy: "UPDATE" });
    await emu.clearRequests();
    const updated = await plugin.update("User", user.id, user.props, news);
    expect(await emu.requests()).toEqual([]);
    expect(updated).toMatchObject({ deleteOnDestroy: true });
    await plugin.delete("User", user.id, updated);
    await expect(emu.client().get("/users/bob")).rejects.toMatchObject({ reason: "not-found" });
  });
});
