import { describe, expect, it } from "vitest";
import { TestStack, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();

const api = () => emu.client();
/** The client secret as the server stored it (never returned by the API): from the emulator's state dump. */
async function storedSecret(id: number): Promise<string | undefined> {
  return (await emu.state()).forges.find((f: any) => f.id === id)?.oauth_client_secret;
}
const URL_A = "https://git.example.com";

const checkFailures = (args: object) => stack.failures("Forge", { type: "gitea", url: URL_A, ...args });

describe("Forge", () => {
  it("creates, reads, updates in place and deletes (on a server that stores orgs)", async () => {
    // A development build after v3.17.0; its own provider host, since each client asks /version once.
    await emu.control("POST", "options", { version: "next-1a2b3c4d" });
    const stack = await TestStack.start(emu);
    const args = { type: "gitea", url: URL_A, client: "client-id", clientSecret: "secret-1", orgs: ["acme"] };
    const created = await stack.up("Forge", "forge", args);
    expect(created.step).toBe("create");
    const id = created.outputs.forgeId;
    expect(id).toBeGreaterThan(1);
    expect(created.id).toBe(String(id));
    expect(created.outputs).toMatchObject({
      type: "gitea",
      url: URL_A,
      client: "client-id",
      clientSecret: "secret-1",
      skipVerify: false,
      oauthHost: "",
      orgs: ["acme"],
      additionalOptions: {},
    });
    const onServer = await api().get<any>(`/forges/${id}`);
    expect(onServer).toEqual({ id, type: "gitea", url: URL_A, client: "client-id", orgs: ["acme"] });
    expect(await storedSecret(id)).toBe("secret-1");

    expect((await stack.up("Forge", "forge", args, created)).step).toBe("same");

    // PATCH replaces every field: changing only the URL must keep client, orgs and the secret.
    const moved = await stack.up("Forge", "forge", { ...args, url: "https://git2.example.com" }, created);
    expect(moved.step).toBe("update");
    expect(moved.id).toBe(created.id);
    expect(await api().get(`/forges/${id}`)).toEqual({ id, type: "gitea", url: "https://git2.example.com", client: "client-id", orgs: ["acme"] });
    expect(await storedSecret(id)).toBe("secret-1");

    // Removing orgs from the program clears them on the server.
    const { orgs: _, ...withoutOrgs } = args;
    const cleared = await stack.up("Forge", "forge", { ...withoutOrgs, url: "https://git2.example.com" }, moved);
    expect(cleared.step).toBe("update");
    expect(await api().get(`/forges/${id}`)).not.toHaveProperty("orgs");
    expect(cleared.outputs.orgs).toEqual([]);

    await stack.destroy(cleared);
    await expect(api().get(`/forges/${id}`)).rejects.toThrow(/HTTP 404/);
    expect((await api().list<any>("/forges")).map((f) => f.id)).toEqual([1]);
    // Already gone counts as deleted.
    await stack.destroy(cleared);
    await stack.close();
  });

  it("keeps the write-only client secret in state and sends a changed one", async () => {
    const args = { type: "forgejo", url: URL_A, client: "c", clientSecret: "old-secret" };
    const created = await stack.up("Forge", "forge", args);
    const id = created.outputs.forgeId;
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs.clientSecret).toBe("old-secret");
    expect(await api().get(`/forges/${id}`)).not.toHaveProperty("oauth_client_secret");
    const rotated = await stack.up("Forge", "forge", { ...args, clientSecret: "new-secret" }, refreshed);
    expect(rotated.step).toBe("update");
    expect(rotated.outputs.clientSecret).toBe("new-secret");
    expect(await storedSecret(id)).toBe("new-secret");
  });

  it("sets and clears skipVerify and oauthHost", async () => {
    const args = { type: "gitlab", url: URL_A, skipVerify: true, oauthHost: "https://public.example.com" };
    const created = await stack.up("Forge", "forge", args);
    const id = created.outputs.forgeId;
    expect(await api().get(`/forges/${id}`)).toMatchObject({ skip_verify: true, oauth_host: "https://public.example.com" });
    expect((await stack.refresh(created))?.outputs).toMatchObject({ skipVerify: true, oauthHost: "https://public.example.com" });
    const off = await stack.up("Forge", "forge", { type: "gitlab", url: URL_A, skipVerify: false }, created);
    expect(off.step).toBe("update");
    const onServer = await api().get<any>(`/forges/${id}`);
    expect(onServer).not.toHaveProperty("skip_verify"); // omitempty
    expect(onServer).not.toHaveProperty("oauth_host");
    const refreshed = (await stack.refresh(off))!;
    expect(refreshed.outputs).toMatchObject({ skipVerify: false, oauthHost: "" });
    expect((await stack.up("Forge", "forge", { type: "gitlab", url: URL_A }, refreshed)).step).toBe("same");
  });

  it("sets, changes and removes additionalOptions", async () => {
    const options = { "git-username": "bot", "git-password": "pw", nested: { depth: 2 } };
    const created = await stack.up("Forge", "forge", { type: "bitbucket-dc", url: URL_A, additionalOptions: options });
    const id = created.outputs.forgeId;
    expect(created.outputs.additionalOptions).toEqual(options);
    expect(await api().get(`/forges/${id}`)).toMatchObject({ additional_options: options });
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs.additionalOptions).toEqual(options);
    expect((await stack.up("Forge", "forge", { type: "bitbucket-dc", url: URL_A, additionalOptions: options }, refreshed)).step).toBe("same");
    const changed = await stack.up("Forge", "forge", { type: "bitbucket-dc", url: URL_A, additionalOptions: { "git-username": "bot2" } }, refreshed);
    expect(changed.step).toBe("update");
    expect((await api().get<any>(`/forges/${id}`)).additional_options).toEqual({ "git-username": "bot2" });
    const removed = await stack.up("Forge", "forge", { type: "bitbucket-dc", url: URL_A }, changed);
    expect(removed.step).toBe("update");
    expect(await api().get(`/forges/${id}`)).not.toHaveProperty("additional_options");
    expect((await stack.refresh(removed))?.outputs.additionalOptions).toEqual({});
  });

  it("refresh after an out-of-band delete drops it, and the next up recreates it", async () => {
    const args = { type: "github", url: "https://github.com" };
    const created = await stack.up("Forge", "forge", args);
    await api().delete(`/forges/${created.outputs.forgeId}`);
    expect(await stack.refresh(created)).toBeUndefined();
    const again = await stack.up("Forge", "forge", args);
    expect(again.step).toBe("create");
    expect(again.outputs.forgeId).not.toBe(created.outputs.forgeId);
    expect((await api().list<any>("/forges")).map((f) => f.id)).toEqual([1, again.outputs.forgeId]);
  });

  it("refresh sees drift made outside Pulumi, and the next up repairs it", async () => {
    const args = { type: "gitea", url: URL_A, client: "c" };
    const created = await stack.up("Forge", "forge", args);
    const id = created.outputs.forgeId;
    await api().patch(`/forges/${id}`, { type: "gitea", url: URL_A, client: "changed", skip_verify: true });
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs).toMatchObject({ client: "changed", skipVerify: true });
    const repaired = await stack.up("Forge", "forge", args, refreshed);
    expect(repaired.step).toBe("update");
    expect(await api().get(`/forges/${id}`)).toEqual({ id, type: "gitea", url: URL_A, client: "c" });
  });

  it("adopts an existing forge by type and url and brings it to the declared state", async () => {
    const existing = await api().post<any>("/forges", { type: "gitea", url: URL_A, client: "old", oauth_client_secret: "old-secret", skip_verify: true });
    const adopted = await stack.up("Forge", "forge", { type: "gitea", url: URL_A, client: "new", clientSecret: "new-secret", adopt: true });
    expect(adopted.outputs).toMatchObject({ forgeId: existing.id, client: "new", skipVerify: false });
    expect(await api().get(`/forges/${existing.id}`)).toEqual({ id: existing.id, type: "gitea", url: URL_A, client: "new" });
    expect(await storedSecret(existing.id)).toBe("new-secret");
    expect((await api().list("/forges")).length).toBe(2);
  });

  it("refuses a second forge with the same type and URL unless adopting, before any write", async () => {
    const existing = await api().post<any>("/forges", { type: "gitea", url: URL_A, client: "theirs" });
    await emu.clearRequests();
    await expect(stack.up("Forge", "forge", { type: "gitea", url: URL_A, client: "mine" })).rejects.toThrow(
      /forge "https:\/\/git.example.com": it already exists on the server.*adopt: true/,
    );
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect((await api().list<any>("/forges")).map((f) => f.id)).toEqual([1, existing.id]);
  });

  it("on v3.17.0, which drops orgs silently, a non-empty orgs is refused naming the field and the version", async () => {
    await emu.clearRequests();
    await expect(stack.up("Forge", "forge", { type: "gitea", url: URL_A, orgs: ["acme"] })).rejects.toThrow(
      /orgs needs Woodpecker 3.18.0 or newer .*this server is 3.17.0/,
    );
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    // Without orgs it works, and the diff settles: nothing is claimed that the server does not store.
    const created = await stack.up("Forge", "forge", { type: "gitea", url: URL_A });
    expect((await stack.up("Forge", "forge", { type: "gitea", url: URL_A }, created)).step).toBe("same");
    expect(await stack.refresh(created)).toMatchObject({ outputs: { orgs: [] } });
    await expect(stack.up("Forge", "forge", { type: "gitea", url: URL_A, orgs: ["acme"] }, created)).rejects.toThrow(/orgs needs Woodpecker 3.18.0 or newer/);
    expect(await api().get(`/forges/${created.outputs.forgeId}`)).toEqual({ id: created.outputs.forgeId, type: "gitea", url: URL_A });
  });

  it("refuses to adopt forge 1, which the server rewrites from its environment", async () => {
    const forgeOne = await api().get<any>("/forges/1");
    await emu.clearRequests();
    await expect(stack.up("Forge", "forge", { type: forgeOne.type, url: forgeOne.url, client: "mine", adopt: true })).rejects.toThrow(
      /forge "http:\/\/forge.example.test": this is forge 1.*server's configuration/s,
    );
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect(await api().get("/forges/1")).toEqual(forgeOne);
  });

  it("rejects bad input at check with the field path, before any request", async () => {
    await emu.clearRequests();
    expect(await checkFailures({ type: "svn" })).toEqual([
      { property: "type", reason: expect.stringContaining('unknown forge type "svn"; expected one of github, gitlab, gitea') },
    ]);
    expect(await checkFailures({ url: "ftp://git.example.com" })).toEqual([{ property: "url", reason: expect.stringContaining("http(s) URL") }]);
    expect(await checkFailures({ url: "not a url" })).toEqual([{ property: "url", reason: expect.stringContaining("http(s) URL") }]);
    expect(await checkFailures({ orgs: ["acme", ""] })).toEqual([{ property: "orgs[1]", reason: expect.stringMatching(/^orgs\[1\]: .*>=1/) }]);
    // GitLab matches orgs against groups' full paths (v3.18.0, #6950): a display name never matches.
    expect(await checkFailures({ type: "gitlab", orgs: ["platform/ci", "Platform Team"] })).toEqual([
      { property: "orgs[1]", reason: expect.stringMatching(/"Platform Team" is not a GitLab group's full path: .*"group\/subgroup"/) },
    ]);
    expect(await checkFailures({ type: "gitlab", orgs: ["platform/", "top"] })).toEqual([
      { property: "orgs[0]", reason: expect.stringContaining("full path") },
    ]);
    // Valid orgs pass the schema; this v3.17.0 server then refuses them for its release alone.
    const tooOld = [
      { property: "orgs", reason: expect.stringContaining("orgs needs Woodpecker 3.18.0 or newer (or a development build); this server is 3.17.0") },
    ];
    expect(await checkFailures({ type: "gitlab", orgs: ["top", "group/sub.group/x-y_z"] })).toEqual(tooOld);
    expect(await checkFailures({ type: "gitea", orgs: ["Platform Team"] })).toEqual(tooOld);
    expect(await checkFailures({ skipVerify: "no" })).toEqual([
      { property: "skipVerify", reason: "skipVerify: Invalid input: expected boolean, received string" },
    ]);
    expect(await checkFailures({ secret: "x" })).toEqual([{ property: "", reason: expect.stringContaining('no input "secret"') }]);
    expect(await checkFailures({ type: undefined })).toEqual([{ property: "type", reason: expect.stringContaining("required") }]);
    expect(await emu.requests()).toEqual([]);
  });

  it("says an instance admin token is needed for a non-admin token", async () => {
    const alice = await TestStack.start(emu, "user");
    try {
      await expect(alice.up("Forge", "f", { type: "gitea", url: URL_A })).rejects.toThrow(
        /forge "https:\/\/git.example.com": this needs an instance admin token/,
      );
      expect((await api().list("/forges")).length).toBe(1);
    } finally {
      await alice.close();
    }
  });

  it("a user can be created on a managed forge", async () => {
    const forge = await stack.up("Forge", "forge", { type: "gitea", url: URL_A });
    const user = await stack.up("User", "u", { login: "bob", forgeId: forge.outputs.forgeId });
    expect(user.outputs).toMatchObject({ forgeId: forge.outputs.forgeId, login: "bob" });
    expect(await api().get("/users/bob", { query: { forge_id: String(forge.outputs.forgeId) } })).toMatchObject({ forge_id: forge.outputs.forgeId });
  });
});
