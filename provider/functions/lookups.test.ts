import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WoodpeckerError } from "../client/errors.js";
import { getCurrentUser, getOrg, getRepository, getServerVersion, getUser } from "../../sdk/functions.js";
import { harness, type Harness } from "../../test/support/functions.js";

let h: Harness;
let api: number;
let acme: number;

beforeAll(async () => {
  h = await harness();
  api = await h.activate("101"); // acme/api, which also brings org acme into being
  await h.seed({ users: [{ login: "bob" }] });
  h.use("admin");
  acme = (await getOrg({ name: "acme" })).id;
});
afterAll(() => h.close());

describe("getRepository", () => {
  it("by full name (case-insensitive) and by id, camelCase", async () => {
    const byName = await getRepository({ fullName: "Acme/API" });
    expect(byName).toMatchObject({
      id: api,
      fullName: "acme/api",
      owner: "acme",
      name: "api",
      orgId: acme,
      defaultBranch: "main",
      active: true,
      forgeRemoteId: "101",
      cloneUrl: "http://forge.example.test/acme/api.git",
      allowPr: true,
      requireApproval: "forks",
      cancelPreviousPipelineEvents: ["push", "pull_request"],
      trusted: { network: false, volumes: false, security: false },
      approvalAllowedUsers: [],
      netrcTrusted: [],
    });
    expect(byName).not.toHaveProperty("full_name");
    expect(await getRepository({ id: api })).toEqual(byName);
  });

  it("returns a deactivated repository with active false", async () => {
    const web = await h.activate("102");
    await h.admin().delete(`/repos/${web}`);
    expect(await getRepository({ id: web })).toMatchObject({ id: web, active: false });
  });

  it("not found and no permission: one 404, both causes named", async () => {
    const missing = await getRepository({ fullName: "acme/nope" }).catch((e) => e);
    expect(missing).toBeInstanceOf(WoodpeckerError);
    expect(missing.reason).toBe("not-found");
    expect(missing.message).toMatch(/^repository "acme\/nope": it does not exist, or the token's user may not read it/);
    const infra = await h.activate("103"); // private, alice cannot read it
    h.use("alice");
    try {
      const hidden = await getRepository({ id: infra }).catch((e) => e);
      expect([hidden.reason, hidden.status]).toEqual(["not-found", 404]);
      expect(hidden.message).toMatch(
        new RegExp(`^repository ${infra}: it does not exist, or the token's user may not read it \\(a private repository without pull permission`),
      );
    } finally {
      h.use("admin");
    }
  });

  it("needs exactly one of fullName and id", async () => {
    await expect(getRepository({})).rejects.toThrow(/getRepository: argument fullName: fullName or id is required/);
    await expect(getRepository({ fullName: "api" })).rejects.toThrow(/argument fullName: expected owner\/name/);
  });
});

describe("getOrg", () => {
  it("by name and by id", async () => {
    const byName = await getOrg({ name: "ACME" });
    expect(byName).toEqual({ id: acme, forgeId: 1, name: "acme", isUser: false });
    expect(await getOrg({ id: acme })).toEqual(byName);
  });

  it("an unknown id is not found, never the server's empty org 0", async () => {
    // The emulator, like the real server, answers admins 200 {"name":"","is_user":false} here.
    const raw = await h.admin().get<Record<string, unknown>>("/orgs/999999");
    expect(raw).toEqual({ name: "", is_user: false });
    const error = await getOrg({ id: 999999 }).catch((e) => e);
    expect(error).toBeInstanceOf(WoodpeckerError);
    expect(error.reason).toBe("not-found");
    expect(error.message).toMatch(/^organization 999999: no organization has this id/);
  });

  it("an unknown name is not found", async () => {
    const error = await getOrg({ name: "nobody-here" }).catch((e) => e);
    expect(error.reason).toBe("not-found");
    expect(error.message).toMatch(/^organization "nobody-here": no such organization/);
  });

  it("a non-member gets 403, the org named", async () => {
    const bobOrg = (await getOrg({ name: "bob" })).id;
    h.use("alice");
    try {
      const error = await getOrg({ id: bobOrg }).catch((e) => e);
      expect([error.reason, error.status]).toEqual(["forbidden", 403]);
      expect(error.message).toMatch(new RegExp(`^organization ${bobOrg}: `));
    } finally {
      h.use("admin");
    }
  });
});

describe("getUser, getCurrentUser", () => {
  it("reads a user by login (admin)", async () => {
    const bob = await getUser({ login: "bob" });
    expect(bob).toMatchObject({ login: "bob", forgeId: 1, admin: false, email: "bob@example.test" });
    expect(bob.orgId).toBeGreaterThan(0);
    expect(bob).not.toHaveProperty("forge_remote_id");
  });

  it("unknown login: not found, named", async () => {
    const error = await getUser({ login: "carol" }).catch((e) => e);
    expect(error.reason).toBe("not-found");
    expect(error.message).toMatch(/^user "carol": no user with this login on forge 1/);
  });

  it("a non-admin gets 403 naming the user and the admin requirement", async () => {
    h.use("alice");
    try {
      const error = await getUser({ login: "bob" }).catch((e) => e);
      expect([error.reason, error.status]).toEqual(["forbidden", 403]);
      expect(error.message).toMatch(/^user "bob": this needs an instance admin token/);
    } finally {
      h.use("admin");
    }
  });

  it("the current user is the token's", async () => {
    expect(await getCurrentUser()).toMatchObject({ login: "admin", admin: true });
    h.use("alice");
    try {
      const alice = await getCurrentUser();
      expect(alice).toMatchObject({ login: "alice", admin: false });
      expect(JSON.stringify(alice)).not.toContain(h.emu.userToken);
      h.use("anonymous");
      const error = await getCurrentUser().catch((e) => e);
      expect(error.reason).toBe("unauthorized");
      expect(error.message).toMatch(/^the current user: the API token is missing/);
    } finally {
      h.use("admin");
    }
  });
});

describe("getServerVersion", () => {
  it("reads /version at the server root, without a token", async () => {
    h.use("anonymous");
    try {
      await h.clearRequests();
      const version = await getServerVersion();
      expect(version.source).toBe("https://github.com/woodpecker-ci/woodpecker");
      expect(version.version).toMatch(/^\d+\.\d+/);
      expect((await h.requests()).map((r) => r.path)).toEqual(["/version"]);
    } finally {
      h.use("admin");
    }
  });

  it("takes no arguments", async () => {
    await expect(getServerVersion({ verbose: true } as never)).rejects.toThrow(
      /getServerVersion: unknown argument "verbose"; this function takes no arguments/,
    );
  });

  it("explains a missing server configuration", async () => {
    const saved = process.env.WOODPECKER_SERVER;
    delete process.env.WOODPECKER_SERVER;
    try {
      await expect(getServerVersion()).rejects.toThrow(/The Woodpecker server is not configured/);
    } finally {
      process.env.WOODPECKER_SERVER = saved;
    }
  });
});
