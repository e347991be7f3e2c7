import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestStack, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();

const api = () => emu.client();
const traps = () => emu.control<{ orgZeroDeletes: number }>("GET", "traps");
/** Activating a repository is one of the two ways an org comes to exist on the server (pinned: test/conformance/cases.ts, "orgs have no create route"). */
const activate = (fullName = "acme/api", name = "repo") => stack.up("Repository", name, { fullName });
const deletes = async () => (await emu.requests()).filter((r) => r.method === "DELETE");

const checkFailures = (args: object) => stack.failures("Org", args);

describe("Org", () => {
  it("looks up an org that activation created and reports its id", async () => {
    await activate();
    const onServer = await api().get<any>("/orgs/lookup/acme");
    const org = await stack.up("Org", "org", { name: "acme" });
    expect(org.step).toBe("create");
    expect(org.outputs).toMatchObject({ name: "acme", orgId: onServer.id, isUser: false, forgeId: 1, deleteOnDestroy: false });
    expect(org.id).toBe(String(onServer.id));
    // The lookup is all create does: nothing was written.
    expect((await stack.up("Org", "org", { name: "acme" }, org)).step).toBe("same");
    expect((await stack.refresh(org))?.outputs).toMatchObject({ orgId: onServer.id, name: "acme" });
  });

  it("finds the org whatever the case of the declared name, and keeps the declared name", async () => {
    await activate();
    const org = await stack.up("Org", "org", { name: "ACME" });
    expect(org.outputs).toMatchObject({ name: "ACME", orgId: (await api().get<any>("/orgs/lookup/acme")).id });
  });

  it("fails for a missing org, saying orgs cannot be created and how they appear", async () => {
    await emu.clearRequests();
    const attempt = stack.up("Org", "org", { name: "nowhere" });
    await expect(attempt).rejects.toThrow(/organization "nowhere": no such organization.*cannot create orgs.*log(s)? in.*activated/s);
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a user's personal org can be declared too", async () => {
    const org = await stack.up("Org", "org", { name: "alice" });
    expect(org.outputs).toMatchObject({ name: "alice", isUser: true });
  });

  it("destroy leaves the org on the server unless deleteOnDestroy is true", async () => {
    await activate();
    const org = await stack.up("Org", "org", { name: "acme" });
    await emu.clearRequests();
    await stack.destroy(org);
    expect(await deletes()).toEqual([]);
    expect(await api().get("/orgs/lookup/acme")).toMatchObject({ id: org.outputs.orgId });
  });

  it("with deleteOnDestroy, destroy deletes the org after confirming it", async () => {
    await activate();
    const org = await stack.up("Org", "org", { name: "acme", deleteOnDestroy: true });
    expect(org.outputs.deleteOnDestroy).toBe(true);
    await emu.clearRequests();
    await stack.destroy(org);
    const log = await emu.requests();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/orgs/${org.outputs.orgId}`, `DELETE /api/orgs/${org.outputs.orgId}`]);
    await expect(api().get("/orgs/lookup/acme")).rejects.toThrow(/HTTP 404/);
    expect((await traps()).orgZeroDeletes).toBe(0);
  });

  it("turning deleteOnDestroy on is an in-place update that touches nothing on the server", async () => {
    await activate();
    const org = await stack.up("Org", "org", { name: "acme" });
    await emu.clearRequests();
    const updated = await stack.up("Org", "org", { name: "acme", deleteOnDestroy: true }, org);
    expect(updated.step).toBe("update");
    expect(updated.id).toBe(org.id);
    expect(updated.outputs).toMatchObject({ deleteOnDestroy: true, orgId: org.outputs.orgId });
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    await stack.destroy(updated);
    await expect(api().get("/orgs/lookup/acme")).rejects.toThrow(/HTTP 404/);
  });

  it("an org deleted out of band is never DELETEd again (the org-0 trap)", async () => {
    await activate();
    await api().post("/secrets", { name: "global_one", value: "v", events: ["push"] });
    const org = await stack.up("Org", "org", { name: "acme", deleteOnDestroy: true });
    await api().delete(`/orgs/${org.outputs.orgId}`);
    await emu.clearRequests();
    await stack.destroy(org);
    expect(await deletes()).toEqual([]);
    expect((await traps()).orgZeroDeletes).toBe(0);
    // The trap would have wiped every repo and global secret.
    expect((await api().list<any>("/secrets")).map((s) => s.name)).toEqual(["global_one"]);
  });

  it("an org deleted and recreated under a new id is left alone: id and name must both match", async () => {
    await activate();
    const org = await stack.up("Org", "org", { name: "acme", deleteOnDestroy: true });
    await api().delete(`/orgs/${org.outputs.orgId}`);
    await activate("acme/web", "repo2"); // the org comes back with another id
    const reborn = await api().get<any>("/orgs/lookup/acme");
    expect(reborn.id).not.toBe(org.outputs.orgId);
    await emu.clearRequests();
    await stack.destroy(org);
    expect(await deletes()).toEqual([]);
    expect((await traps()).orgZeroDeletes).toBe(0);
    expect(await api().get("/orgs/lookup/acme")).toMatchObject({ id: reborn.id });
  });

  describe("with a non-admin token (the server answers 403, not an empty org, for a missing id)", () => {
    let alice: TestStack;
    beforeAll(async () => {
      alice = await TestStack.start(emu, "user");
    });
    afterAll(async () => {
      await alice.close();
    });

    it("destroy of an org deleted out of band succeeds without a DELETE", async () => {
      await activate();
      const org = await alice.up("Org", "org", { name: "acme", deleteOnDestroy: true });
      await api().delete(`/orgs/${org.outputs.orgId}`);
      await emu.clearRequests();
      await alice.destroy(org);
      expect(await deletes()).toEqual([]);
      expect((await traps()).orgZeroDeletes).toBe(0);
    });

    it("refresh after an out-of-band delete drops it", async () => {
      await activate();
      const org = await alice.up("Org", "org", { name: "acme" });
      expect((await alice.refresh(org))?.outputs.orgId).toBe(org.outputs.orgId);
      await api().delete(`/orgs/${org.outputs.orgId}`);
      expect(await alice.refresh(org)).toBeUndefined();
    });

    it("an org the user may not read is an error, not gone", async () => {
      await activate();
      const admins = await stack.up("Org", "org", { name: "admin" }); // admin's personal org: alice is no member
      await expect(alice.refresh(admins)).rejects.toThrow(/organization "admin".*HTTP 403/);
      await expect(alice.destroy({ ...admins, outputs: { ...admins.outputs, deleteOnDestroy: true } })).rejects.toThrow(/HTTP 403/);
      expect(await api().get("/orgs/lookup/admin")).toMatchObject({ id: admins.outputs.orgId });
    });
  });

  it("refresh after an out-of-band delete drops it; the next up finds the org once it exists again", async () => {
    await activate();
    const org = await stack.up("Org", "org", { name: "acme" });
    await api().delete(`/orgs/${org.outputs.orgId}`);
    expect(await stack.refresh(org)).toBeUndefined();
    await expect(stack.up("Org", "org", { name: "acme" })).rejects.toThrow(/cannot create orgs/);
    await activate("acme/api", "repo-again");
    const again = await stack.up("Org", "org", { name: "acme" });
    expect(again.step).toBe("create");
    expect(again.outputs.orgId).toBe((await api().get<any>("/orgs/lookup/acme")).id);
    expect(again.outputs.orgId).not.toBe(org.outputs.orgId);
  });

  it("a rename replaces: the new name is looked up, the old org stays (deleteOnDestroy off)", async () => {
    await activate();
    const acme = await stack.up("Org", "org", { name: "acme" });
    const alice = await stack.up("Org", "org", { name: "alice" }, acme);
    expect(alice.step).toBe("replace");
    expect(alice.outputs).toMatchObject({ name: "alice", isUser: true });
    expect(await api().get("/orgs/lookup/acme")).toMatchObject({ id: acme.outputs.orgId });
  });

  it("rejects bad input at check with the field path, before any request", async () => {
    await emu.clearRequests();
    expect(await checkFailures({ name: " " })).toEqual([{ property: "name", reason: expect.stringContaining("must not be empty") }]);
    expect(await checkFailures({})).toEqual([{ property: "name", reason: expect.stringContaining("required") }]);
    expect(await checkFailures({ name: "acme", deleteOnDestroy: "yes" })).toEqual([
      { property: "deleteOnDestroy", reason: "deleteOnDestroy: Invalid input: expected boolean, received string" },
    ]);
    expect(await checkFailures({ name: "acme", adopt: true })).toEqual([{ property: "", reason: expect.stringContaining('no input "adopt"') }]);
    expect(await emu.requests()).toEqual([]);
  });
});
