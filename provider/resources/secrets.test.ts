import { describe, expect, it } from "vitest";
import { TestStack, type Deployed, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();

/** The three levels share one implementation; each runs the same lifecycle against its own scope. */
const levels = [
  {
    kind: "RepositorySecret",
    scope: async () => ({ repositoryId: (await repository("acme/api")).outputs.repositoryId }),
    list: (s: any) => `/repos/${s.repositoryId}/secrets`,
  },
  { kind: "OrgSecret", scope: async () => ({ orgId: await orgId("acme") }), list: (s: any) => `/orgs/${s.orgId}/secrets` },
  { kind: "GlobalSecret", scope: async () => ({}), list: () => `/secrets` },
];

let repo: Deployed | undefined;
async function repository(fullName: string) {
  repo = await stack.up("Repository", "repo", { fullName });
  return repo;
}
async function orgId(name: string): Promise<number> {
  await repository("acme/api"); // activation creates the org on the server
  return (await stack.up("Org", "org", { name })).outputs.orgId;
}
const api = () => emu.client();

describe.each(levels)("$kind", ({ kind, scope, list }) => {
  it("creates, reads, updates, replaces and deletes", async () => {
    const where = await scope();
    const args = { ...where, name: "deploy_key", value: "s3cret-1", events: ["push", "tag"], images: ["alpine:3"], note: "for deploys" };
    const created = await stack.up(kind, "secret", args);
    expect(created.step).toBe("create");
    expect(created.outputs).toMatchObject({ name: "deploy_key", events: ["push", "tag"], images: ["alpine:3"], note: "for deploys", value: "s3cret-1" });
    expect(typeof created.outputs.secretId).toBe("number");
    const onServer = await api().list<any>(list(where));
    expect(onServer.map((s) => s.name)).toEqual(["deploy_key"]);
    expect(onServer[0]).not.toHaveProperty("value");

    // No change: no update.
    expect((await stack.up(kind, "secret", args, created)).step).toBe("same");

    // Events, images and the write-only value change in place.
    const updated = await stack.up(kind, "secret", { ...args, value: "s3cret-2", events: ["tag", "push", "manual"], images: [] }, created);
    expect(updated.step).toBe("update");
    expect(updated.outputs).toMatchObject({ value: "s3cret-2", events: ["manual", "push", "tag"], images: [] });
    expect(await api().get(`${list(where)}/deploy_key`)).toMatchObject({ events: ["manual", "push", "tag"], images: [] });

    // Removing the note from the program clears it on the server.
    const { note: _, ...withoutNote } = args;
    const cleared = await stack.up(kind, "secret", { ...withoutNote, value: "s3cret-2", events: ["push"] }, updated);
    expect(cleared.step).toBe("update");
    expect(await api().get(`${list(where)}/deploy_key`)).toMatchObject({ note: "" });

    // Names are immutable on the server: a rename replaces.
    const renamed = await stack.up(kind, "secret", { ...withoutNote, name: "deploy_token", value: "s3cret-2", events: ["push"] }, cleared);
    expect(renamed.step).toBe("replace");
    expect((await api().list<any>(list(where))).map((s) => s.name)).toEqual(["deploy_token"]);

    await stack.destroy(renamed);
    expect(await api().list(list(where))).toEqual([]);
    // Already gone counts as deleted.
    await stack.destroy(renamed);
  });

  it("refresh after an out-of-band delete drops it, and the next up recreates it", async () => {
    const where = await scope();
    const args = { ...where, name: "gone", value: "v", events: ["push"] };
    const created = await stack.up(kind, "secret", args);
    await api().delete(`${list(where)}/gone`);
    expect(await stack.refresh(created)).toBeUndefined();
    const again = await stack.up(kind, "secret", args);
    expect(again.step).toBe("create");
  });

  it("refresh sees drift made outside Pulumi, and the next up repairs it", async () => {
    const where = await scope();
    const args = { ...where, name: "drift", value: "v", events: ["push"] };
    const created = await stack.up(kind, "secret", args);
    await api().patch(`${list(where)}/drift`, { events: ["push", "pull_request"] });
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs.events).toEqual(["pull_request", "push"]);
    expect(refreshed.outputs.value).toBe("v"); // write-only: kept from state
    const repaired = await stack.up(kind, "secret", args, refreshed);
    expect(repaired.step).toBe("update");
    expect(await api().get(`${list(where)}/drift`)).toMatchObject({ events: ["push"] });
  });

  it("an existing secret fails with the adopt hint; adopt takes it over and sets the declared state", async () => {
    const where = await scope();
    await api().post(list(where), { name: "taken", value: "old", events: ["push"], note: "made by hand" });
    const args = { ...where, name: "taken", value: "new", events: ["tag"] };
    await expect(stack.up(kind, "secret", args)).rejects.toThrow(/already exists.*adopt: true/s);
    const adopted = await stack.up(kind, "secret", { ...args, adopt: true });
    expect(adopted.outputs).toMatchObject({ events: ["tag"], note: "" });
    expect(await api().get(`${list(where)}/taken`)).toMatchObject({ events: ["tag"], note: "" });
    expect((await api().list(list(where))).length).toBe(1);
  });

  it("handles awkward names", async () => {
    const where = await scope();
    for (const name of ["with/slash", "per%cent", "spa ce", "ünï✓"]) {
      const created = await stack.up(kind, `s-${name}`, { ...where, name, value: "v", events: ["push"] });
      expect(created.outputs.name).toBe(name);
      expect((await stack.refresh(created))?.outputs.name).toBe(name);
      await stack.destroy(created);
    }
    expect(await api().list(list(where))).toEqual([]);
  });

  it("rejects bad input at check with the field path, before any request", async () => {
    const where = await scope();
    await emu.clearRequests();
    const bad = (args: object) => stack.failures(kind, { ...where, name: "n", value: "v", events: ["push"], ...args });
    expect(await bad({ events: [] })).toEqual([{ property: "events", reason: expect.stringContaining("at least one event") }]);
    expect(await bad({ events: ["push", "merge"] })).toEqual([{ property: "events[1]", reason: expect.stringContaining('unknown event "merge"') }]);
    expect(await bad({ images: ["alpine:3.20"] })).toEqual([{ property: "images[0]", reason: expect.stringContaining("dots") }]);
    expect(await bad({ name: "  " })).toEqual([{ property: "name", reason: expect.stringContaining("must not be empty") }]);
    expect(await bad({ value: "" })).toEqual([{ property: "value", reason: expect.stringContaining("must not be empty") }]);
    expect(await bad({ nmae: "typo" })).toEqual([{ property: "", reason: expect.stringContaining('no input "nmae"') }]);
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("passes unknown values through check during preview", async () => {
    const where = await scope();
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const inputs = await stack.check(kind, "preview", { ...where, name: "n", value: "v", events: ["push"] }, {}, { value: unknown, events: ["push", unknown] });
    expect(inputs.events).toEqual(["push", unknown]);
    expect(inputs.value).toBe(unknown);
  });
});

describe("OrgSecret and the org id 0 trap", () => {
  it("refuses to create in an org that does not exist instead of writing a global secret", async () => {
    await expect(stack.up("OrgSecret", "ghost", { orgId: 999999, name: "x", value: "v", events: ["push"] })).rejects.toThrow(
      /organization 999999 does not exist/,
    );
    expect(await api().list("/secrets")).toEqual([]);
  });

  it("never adopts a global secret through a missing org", async () => {
    await api().post("/secrets", { name: "shared", value: "v", events: ["push"] });
    await expect(stack.up("OrgSecret", "ghost", { orgId: 999999, name: "shared", value: "v", events: ["push"], adopt: true })).rejects.toThrow(
      /does not exist/,
    );
    expect(await api().get("/secrets/shared")).toMatchObject({ events: ["push"] });
  });
});

describe("GlobalSecret needs an instance admin", () => {
  it("says so for a non-admin token", async () => {
    const alice = await TestStack.start(emu, "user");
    try {
      await expect(alice.up("GlobalSecret", "g", { name: "x", value: "v", events: ["push"] })).rejects.toThrow(
        /global secret "x": this needs an instance admin token/,
      );
    } finally {
      await alice.close();
    }
  });
});
