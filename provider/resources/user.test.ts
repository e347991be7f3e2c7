import { describe, expect, it } from "vitest";
import { TestStack, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();

const api = () => emu.client();
const getUser = (login: string) => api().get<any>(`/users/${login}`, { query: { forge_id: "1" } });
const writes = async () => (await emu.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

const checkFailures = (args: object) => stack.failures("User", { login: "bob", ...args });

describe("User", () => {
  it("creates a user with defaults and reads it back", async () => {
    await emu.clearRequests();
    const created = await stack.up("User", "bob", { login: "bob", email: "bob@example.test" });
    expect(created.step).toBe("create");
    expect(await writes()).toEqual(["POST /api/users"]);
    const onServer = await getUser("bob");
    expect(created.outputs).toMatchObject({
      login: "bob",
      email: "bob@example.test",
      avatarUrl: "",
      admin: false,
      forgeId: 1,
      userId: onServer.id,
      forgeRemoteId: "0",
      orgId: onServer.org_id,
    });
    expect(created.id).toBe(String(onServer.id));
    expect((await stack.refresh(created))?.outputs).toMatchObject({ login: "bob", admin: false, userId: onServer.id });
    expect((await stack.up("User", "bob", { login: "bob", email: "bob@example.test" }, created)).step).toBe("same");
  });

  it("admin: true is set by an update after the create, since the server ignores it on create", async () => {
    await emu.clearRequests();
    const created = await stack.up("User", "boss", { login: "boss", email: "boss@example.test", avatarUrl: "https://example.test/boss.png", admin: true });
    expect(await writes()).toEqual(["POST /api/users", "PATCH /api/users/boss"]);
    expect(created.outputs).toMatchObject({ admin: true, login: "boss", email: "boss@example.test", avatarUrl: "https://example.test/boss.png" });
    expect(await getUser("boss")).toMatchObject({ admin: true, login: "boss", email: "boss@example.test", avatar_url: "https://example.test/boss.png" });
    expect((await stack.refresh(created))?.outputs.admin).toBe(true);
  });

  it("changing only the email keeps login, avatar and admin (the server's PATCH replaces all of them)", async () => {
    const args = { login: "carol", email: "carol@old.test", avatarUrl: "https://example.test/c.png", admin: true };
    const created = await stack.up("User", "carol", args);
    const updated = await stack.up("User", "carol", { ...args, email: "carol@new.test" }, created);
    expect(updated.step).toBe("update");
    expect(updated.id).toBe(created.id);
    expect(await getUser("carol")).toMatchObject({
      id: created.outputs.userId,
      login: "carol",
      email: "carol@new.test",
      avatar_url: "https://example.test/c.png",
      admin: true,
    });
    expect(updated.outputs).toMatchObject({ email: "carol@new.test", admin: true, userId: created.outputs.userId });
  });

  it("demotes an admin", async () => {
    const created = await stack.up("User", "dave", { login: "dave", admin: true });
    const demoted = await stack.up("User", "dave", { login: "dave", admin: false }, created);
    expect(demoted.step).toBe("update");
    expect(demoted.outputs.admin).toBe(false);
    const onServer = await getUser("dave");
    expect(onServer).not.toHaveProperty("admin"); // omitempty: false is left out
    expect((await stack.refresh(demoted))?.outputs.admin).toBe(false);
    // Leaving admin out of the program also means not an admin.
    const promoted = await stack.up("User", "dave", { login: "dave", admin: true }, demoted);
    const defaulted = await stack.up("User", "dave", { login: "dave" }, promoted);
    expect(defaulted.step).toBe("update");
    expect(await getUser("dave")).not.toHaveProperty("admin");
  });

  it("renames a user in place (the server finds the user by forge remote id)", async () => {
    const created = await stack.up("User", "erin", { login: "erin", email: "e@example.test" });
    const renamed = await stack.up("User", "erin", { login: "erin2", email: "e@example.test" }, created);
    expect(renamed.step).toBe("update");
    expect(renamed.outputs).toMatchObject({ login: "erin2", userId: created.outputs.userId });
    expect(await getUser("erin2")).toMatchObject({ id: created.outputs.userId, email: "e@example.test" });
    await expect(getUser("erin")).rejects.toThrow(/HTTP 404/);
    expect((await stack.refresh(renamed))?.outputs.login).toBe("erin2");
  });

  it("destroy leaves the user unless deleteOnDestroy is true", async () => {
    const kept = await stack.up("User", "frank", { login: "frank" });
    await emu.clearRequests();
    await stack.destroy(kept);
    expect(await writes()).toEqual([]);
    expect(await getUser("frank")).toMatchObject({ id: kept.outputs.userId });
    await api().delete("/users/frank"); // make room: the server allows one API-created user per forge until login

    const deleted = await stack.up("User", "gina", { login: "gina", deleteOnDestroy: true });
    await emu.clearRequests();
    await stack.destroy(deleted);
    expect(await writes()).toEqual(["DELETE /api/users/gina"]);
    await expect(getUser("gina")).rejects.toThrow(/HTTP 404/);
    // Already gone counts as deleted.
    await stack.destroy(deleted);
  });

  it("refresh after an out-of-band delete drops it, and the next up recreates it", async () => {
    const created = await stack.up("User", "hank", { login: "hank" });
    await api().delete("/users/hank");
    expect(await stack.refresh(created)).toBeUndefined();
    const again = await stack.up("User", "hank", { login: "hank" });
    expect(again.step).toBe("create");
    expect(again.outputs.userId).toBe((await getUser("hank")).id);
  });

  it("an update of a user deleted out of band fails instead of reporting a user with id 0", async () => {
    const created = await stack.up("User", "ivy", { login: "ivy", email: "i@example.test" });
    await api().delete("/users/ivy");
    await expect(stack.up("User", "ivy", { login: "ivy", email: "new@example.test" }, created)).rejects.toThrow(
      /user "ivy": it no longer exists on the server.*pulumi refresh/s,
    );
  });

  it("an update never reaches another user through a stale forge remote id", async () => {
    // Both users were created through the API, so both have forge remote id "0"
    // (pinned: test/conformance/cases.ts, "users created through the API have forge_remote_id"):
    // a PATCH carrying the stale "0" of the deleted one would land on the other.
    const created = await stack.up("User", "jack", { login: "jack", email: "j@example.test" });
    await api().delete("/users/jack");
    await api().post("/users", { login: "kate", email: "k@example.test" });
    await emu.clearRequests();
    await expect(stack.up("User", "jack", { login: "jack", email: "new@example.test" }, created)).rejects.toThrow(
      /user "jack": it no longer exists on the server/,
    );
    // The read, and the users list that proves the 404 means gone: no write.
    expect((await emu.requests()).map((r) => r.method)).toEqual(["GET", "GET"]);
    expect(await getUser("kate")).toMatchObject({ login: "kate", email: "k@example.test" });
  });

  it("an existing user fails with the adopt hint; adopt takes it over and sets the declared fields", async () => {
    await emu.seed({ users: [{ login: "jane", email: "jane@old.test" }] }); // has logged in: real forge remote id
    const existing = await getUser("jane");
    await expect(stack.up("User", "jane", { login: "jane", email: "jane@new.test" })).rejects.toThrow(/already exists.*adopt: true/s);
    const adopted = await stack.up("User", "jane", { login: "jane", email: "jane@new.test", admin: true, adopt: true });
    expect(adopted.outputs).toMatchObject({ userId: existing.id, forgeRemoteId: existing.forge_remote_id, email: "jane@new.test", admin: true });
    expect(await getUser("jane")).toMatchObject({ id: existing.id, email: "jane@new.test", admin: true, avatar_url: "" });
  });

  it("a second API-created user on the same forge fails with a message that explains why", async () => {
    await stack.up("User", "kim", { login: "kim" });
    const second = stack.up("User", "lee", { login: "lee" });
    // The server answers 500 "duplicate" because both would have forge remote id "0"; "lee" does not exist
    // (pinned: test/conformance/cases.ts, "users created through the API have forge_remote_id").
    await expect(second).rejects.toThrow(
      /user "lee": the server allows only one user per forge that has not logged in yet.*forge remote id "0".*"kim" must log in first/s,
    );
    await expect(second).rejects.not.toThrow(/adopt: true/);
    expect((await api().list<any>("/users")).map((u) => u.login)).not.toContain("lee");
    // adopt cannot help either: there is nothing to adopt.
    await expect(stack.up("User", "lee", { login: "lee", adopt: true })).rejects.toThrow(/"kim" must log in first/);
  });

  it("validates the login at check, with the field path, before any request", async () => {
    await emu.clearRequests();
    expect(await checkFailures({ login: "" })).toEqual([{ property: "login", reason: expect.stringContaining("must not be empty") }]);
    expect(await checkFailures({ login: "bad login!" })).toEqual([{ property: "login", reason: expect.stringContaining("only letters, digits") }]);
    expect(await checkFailures({ login: "x".repeat(251) })).toEqual([{ property: "login", reason: expect.stringContaining("at most 250") }]);
    expect(await checkFailures({ forgeId: 0 })).toEqual([{ property: "forgeId", reason: expect.stringMatching(/^forgeId: .*>0/) }]);
    expect(await checkFailures({ admin: "yes" })).toEqual([{ property: "admin", reason: "admin: Invalid input: expected boolean, received string" }]);
    expect(await checkFailures({ password: "x" })).toEqual([{ property: "", reason: expect.stringContaining('no input "password"') }]);
    expect(await stack.check("User", "ok", { login: "a.b_c-1" })).toMatchObject({ login: "a.b_c-1", admin: false, forgeId: 1 });
    expect(await emu.requests()).toEqual([]);
  });

  it("says an instance admin token is needed for a non-admin token", async () => {
    const alice = await TestStack.start(emu, "user");
    try {
      await expect(alice.up("User", "u", { login: "mallory" })).rejects.toThrow(/user "mallory": this needs an instance admin token/);
    } finally {
      await alice.close();
    }
  });
});
