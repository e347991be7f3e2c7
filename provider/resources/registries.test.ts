import { describe, expect, it } from "vitest";
import { TestStack, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();

const api = () => emu.client();
const enc = encodeURIComponent;

async function repositoryId(): Promise<number> {
  return (await stack.up("Repository", "repo", { fullName: "acme/api" })).outputs.repositoryId;
}
async function orgId(): Promise<number> {
  await stack.up("Repository", "repo", { fullName: "acme/api" }); // activation creates the org
  return (await stack.up("Org", "org", { name: "acme" })).outputs.orgId;
}
/** The password as the server stored it (never returned by the API): from the emulator's state dump. */
async function storedPassword(id: number): Promise<string | undefined> {
  const state = await emu.state();
  return state.registries.find((r: any) => r.id === id)?.password;
}

const levels = [
  {
    kind: "RepositoryRegistry",
    scope: async () => ({ repositoryId: await repositoryId() }),
    list: (s: any) => `/repos/${s.repositoryId}/registries`,
    addressChange: "replace" as const,
  },
  { kind: "OrgRegistry", scope: async () => ({ orgId: await orgId() }), list: (s: any) => `/orgs/${s.orgId}/registries`, addressChange: "update" as const },
  { kind: "GlobalRegistry", scope: async () => ({}), list: () => `/registries`, addressChange: "update" as const },
];

describe.each(levels)("$kind", ({ kind, scope, list, addressChange }) => {
  it("creates with the real registry id, updates in place, and deletes", async () => {
    const where = await scope();
    const args = { ...where, address: "ghcr.io", username: "bot", password: "pw-1" };
    const created = await stack.up(kind, "reg", args);
    expect(created.step).toBe("create");
    const onServer = await api().get<any>(`${list(where)}/ghcr.io`);
    // The repo level echoes the request on POST (id 0): the provider must have read it back.
    expect(onServer.id).toBeGreaterThan(0);
    expect(created.outputs).toMatchObject({ address: "ghcr.io", username: "bot", password: "pw-1", registryId: onServer.id });
    expect(await storedPassword(onServer.id)).toBe("pw-1");

    expect((await stack.up(kind, "reg", args, created)).step).toBe("same");

    // Username and the write-only password change in place.
    const updated = await stack.up(kind, "reg", { ...args, username: "robot", password: "pw-2" }, created);
    expect(updated.step).toBe("update");
    expect(updated.id).toBe(created.id);
    expect(updated.outputs).toMatchObject({ username: "robot", password: "pw-2", registryId: onServer.id });
    expect(await api().get(`${list(where)}/ghcr.io`)).toMatchObject({ id: onServer.id, username: "robot", password: "" });
    expect(await storedPassword(onServer.id)).toBe("pw-2");

    // A refresh cannot see the password: state keeps the declared one.
    const refreshed = (await stack.refresh(updated))!;
    expect(refreshed.outputs).toMatchObject({ username: "robot", password: "pw-2", registryId: onServer.id });

    await stack.destroy(refreshed);
    expect(await api().list(list(where))).toEqual([]);
    // Already gone counts as deleted.
    await stack.destroy(refreshed);
  });

  it(`an address change is ${addressChange === "replace" ? "a replacement (immutable on the server)" : "an in-place update with a stable ID"}`, async () => {
    const where = await scope();
    const args = { ...where, address: "docker.io", username: "bot", password: "pw" };
    const created = await stack.up(kind, "reg", args);
    const moved = await stack.up(kind, "reg", { ...args, address: "quay.io" }, created);
    expect(moved.step).toBe(addressChange);
    const onServer = await api().list<any>(list(where));
    expect(onServer.map((r) => r.address)).toEqual(["quay.io"]);
    expect(moved.outputs).toMatchObject({ address: "quay.io", username: "bot", password: "pw", registryId: onServer[0].id });
    if (addressChange === "update") {
      expect(moved.id).toBe(created.id);
      expect(moved.outputs.registryId).toBe(created.outputs.registryId);
      expect(await storedPassword(onServer[0].id)).toBe("pw");
    } else {
      expect(moved.id).not.toBe(created.id);
    }
    expect((await stack.refresh(moved))?.outputs).toMatchObject({ address: "quay.io", registryId: onServer[0].id });
    await stack.destroy(moved);
    expect(await api().list(list(where))).toEqual([]);
  });

  it("refresh after an out-of-band delete drops it, and the next up recreates it", async () => {
    const where = await scope();
    const args = { ...where, address: "docker.io", username: "bot", password: "pw" };
    const created = await stack.up(kind, "reg", args);
    await api().delete(`${list(where)}/docker.io`);
    expect(await stack.refresh(created)).toBeUndefined();
    const again = await stack.up(kind, "reg", args);
    expect(again.step).toBe("create");
    expect(again.outputs.registryId).toBe((await api().get<any>(`${list(where)}/docker.io`)).id);
  });

  it("refresh sees a username changed outside Pulumi, and the next up repairs it", async () => {
    const where = await scope();
    const args = { ...where, address: "docker.io", username: "bot", password: "pw" };
    const created = await stack.up(kind, "reg", args);
    await api().patch(`${list(where)}/docker.io`, { username: "someone" });
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs).toMatchObject({ username: "someone", password: "pw" });
    const repaired = await stack.up(kind, "reg", args, refreshed);
    expect(repaired.step).toBe("update");
    expect(await api().get(`${list(where)}/docker.io`)).toMatchObject({ username: "bot" });
  });

  it("an existing registry fails with the adopt hint; adopt takes it over and sets username and password", async () => {
    const where = await scope();
    await api().post(list(where), { address: "ghcr.io", username: "old", password: "old-pw" });
    const existing = await api().get<any>(`${list(where)}/ghcr.io`);
    const args = { ...where, address: "ghcr.io", username: "new", password: "new-pw" };
    await expect(stack.up(kind, "reg", args)).rejects.toThrow(/already exists.*adopt: true/s);
    const adopted = await stack.up(kind, "reg", { ...args, adopt: true });
    expect(adopted.outputs).toMatchObject({ username: "new", password: "new-pw", registryId: existing.id });
    expect(await api().get(`${list(where)}/ghcr.io`)).toMatchObject({ id: existing.id, username: "new" });
    // The password is write-only, so adopting always sends it.
    expect(await storedPassword(existing.id)).toBe("new-pw");
    expect((await api().list(list(where))).length).toBe(1);
  });

  it("handles awkward addresses with '/' and ':'", async () => {
    const where = await scope();
    for (const address of ["localhost:5000", "registry.example.com/team/images", "host:8443/path", "https://[::1]:5000"]) {
      const created = await stack.up(kind, `r-${address}`, { ...where, address, username: "u", password: "p" });
      expect(created.outputs).toMatchObject({ address, registryId: (await api().get<any>(`${list(where)}/${enc(address)}`)).id });
      expect((await stack.refresh(created))?.outputs.address).toBe(address);
      const updated = await stack.up(kind, `r-${address}`, { ...where, address, username: "u2", password: "p" }, created);
      expect(await api().get(`${list(where)}/${enc(address)}`)).toMatchObject({ username: "u2" });
      await stack.destroy(updated);
    }
    expect(await api().list(list(where))).toEqual([]);
  });

  it("rejects bad input at check with the field path, before any request", async () => {
    const where = await scope();
    await emu.clearRequests();
    const bad = (args: object) => stack.failures(kind, { ...where, address: "docker.io", username: "u", password: "p", ...args });
    expect(await bad({ address: "" })).toEqual([{ property: "address", reason: expect.stringContaining("address must not be empty") }]);
    expect(await bad({ username: " " })).toEqual([{ property: "username", reason: expect.stringContaining("username must not be empty") }]);
    expect(await bad({ password: "" })).toEqual([{ property: "password", reason: expect.stringContaining("password must not be empty") }]);
    // The server parses addresses with Go's net/url (v3.17.0 refuses these with 400 or 422).
    expect(await bad({ address: "%zz" })).toEqual([
      { property: "address", reason: expect.stringContaining('would refuse this one (parse "%zz": invalid URL escape "%zz")') },
    ]);
    expect(await bad({ address: "127.0.0.1:5000" })).toEqual([
      { property: "address", reason: expect.stringContaining("first path segment in URL cannot contain colon") },
    ]);
    expect(await bad({ adress: "typo" })).toEqual([{ property: "", reason: expect.stringContaining('no input "adress"') }]);
    if (kind !== "GlobalRegistry") {
      const scopeKey = Object.keys(where)[0]!;
      expect(await bad({ [scopeKey]: 0 })).toEqual([{ property: scopeKey, reason: expect.stringMatching(new RegExp(`^${scopeKey}: .*>0`)) }]);
    }
    expect(await emu.requests()).toEqual([]);
  });
});

describe("OrgRegistry and the org id 0 trap", () => {
  it("refuses to create in an org that does not exist instead of writing a global registry", async () => {
    await expect(stack.up("OrgRegistry", "ghost", { orgId: 999999, address: "docker.io", username: "u", password: "p" })).rejects.toThrow(
      /organization 999999 does not exist/,
    );
    expect(await api().list("/registries")).toEqual([]);
  });

  it("does not read a global registry through a missing org", async () => {
    await api().post("/registries", { address: "docker.io", username: "u", password: "p" });
    await expect(stack.up("OrgRegistry", "ghost", { orgId: 999999, address: "docker.io", username: "x", password: "p", adopt: true })).rejects.toThrow(
      /does not exist/,
    );
    expect(await api().get("/registries/docker.io")).toMatchObject({ username: "u" });
  });

  it("the same address may exist at every level", async () => {
    const repo = await repositoryId();
    const org = (await stack.up("Org", "org", { name: "acme" })).outputs.orgId;
    const g = await stack.up("GlobalRegistry", "g", { address: "docker.io", username: "g", password: "p" });
    const o = await stack.up("OrgRegistry", "o", { orgId: org, address: "docker.io", username: "o", password: "p" });
    const r = await stack.up("RepositoryRegistry", "r", { repositoryId: repo, address: "docker.io", username: "r", password: "p" });
    expect(new Set([g.outputs.registryId, o.outputs.registryId, r.outputs.registryId]).size).toBe(3);
    expect((await stack.refresh(g))?.outputs.username).toBe("g");
    expect((await stack.refresh(o))?.outputs.username).toBe("o");
    expect((await stack.refresh(r))?.outputs.username).toBe("r");
  });
});

describe("GlobalRegistry needs an instance admin", () => {
  it("says so for a non-admin token", async () => {
    const alice = await TestStack.start(emu, "user");
    try {
      await expect(alice.up("GlobalRegistry", "g", { address: "docker.io", username: "u", password: "p" })).rejects.toThrow(
        /global registry "docker.io": this needs an instance admin token/,
      );
      expect(await api().list("/registries")).toEqual([]);
    } finally {
      await alice.close();
    }
  });
});
