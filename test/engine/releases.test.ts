import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorFixture } from "../support/emulator.js";
import { wrapSecret } from "../support/grpc.js";
import { startPlugin, type Plugin } from "../support/plugin.js";
import { TestStack } from "../support/stack.js";

/**
 * Every v3 release is supported: on an older one, an input the release does not have (`since` in
 * the spec) is refused at check, on both faces, naming the field (a set entry by its path), the
 * release that added it and the server's version, with no request that writes; the same program
 * without it runs and nothing is warned. The emulator plays v3.10.0 through its `version` option.
 */

const OLD = "3.10.0";
let emu: EmulatorFixture;
let stack: TestStack;
let plugin: Plugin;
let repositoryId: number;

const writes = async () => (await emu.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
const tooOld = (path: string, since: string) => ({
  property: path,
  reason: `${path} needs Woodpecker ${since} or newer (or a development build); this server is ${OLD}, which would drop ${path} silently. Remove ${path} or upgrade the server`,
});

beforeAll(async () => {
  emu = await EmulatorFixture.start();
  await emu.control("POST", "options", { version: OLD });
  stack = await TestStack.start(emu);
  repositoryId = (await stack.up("Repository", "repo", { fullName: "acme/api" })).outputs.repositoryId as number;
  plugin = await startPlugin();
  await plugin.configure({ args: { server: emu.url, token: wrapSecret(emu.emulator.adminToken), retries: "0" } });
}, 120_000);
afterAll(async () => {
  await plugin?.close();
  await stack?.host.close();
  await emu?.close();
});

describe(`on Woodpecker ${OLD}, through the dynamic-provider host`, () => {
  it("refuses at check each input the release lacks, naming it and both versions, before any write", async () => {
    await emu.clearRequests();
    const failures = await stack.failures("RepositoryCron", {
      repositoryId,
      name: "nightly",
      schedule: "0 3 * * *",
      enabled: false,
      timezone: "Europe/Berlin",
    });
    expect(failures).toEqual([tooOld("timezone", "3.15.0"), tooOld("enabled", "3.13.0")]);
    expect(await stack.failures("User", { login: "bob", forgeId: 2 })).toEqual([tooOld("forgeId", "3.12.0")]);
    expect(await writes()).toEqual([]);
  });

  it("takes the defaults, which the release does anyway: a cron that runs, in UTC, on forge 1", async () => {
    expect(
      await stack.failures("RepositoryCron", { repositoryId, name: "nightly", schedule: "0 3 * * *", enabled: true, timezone: "UTC", variables: {} }),
    ).toEqual([]);
    expect(await stack.failures("User", { login: "bob", forgeId: 1 })).toEqual([]);
  });

  it("runs the same program without the newer inputs, and warns about nothing", async () => {
    const cron = await stack.up("RepositoryCron", "nightly", { repositoryId, name: "nightly", schedule: "0 3 * * *" });
    expect(cron.outputs).toMatchObject({ name: "nightly", schedule: "0 3 * * *" });
    expect((await stack.up("RepositoryCron", "nightly", { repositoryId, name: "nightly", schedule: "0 3 * * *" }, cron)).step).toBe("same");
    const secret = await stack.up("RepositorySecret", "token", { repositoryId, name: "token", value: "v", events: ["push"] });
    expect(secret.outputs).toMatchObject({ name: "token" });
    expect(stack.host.stderr()).not.toMatch(/warning|older than this provider supports/);
  });

  it("manages a user on a release that finds users by login alone and hides their remote id", async () => {
    const bob = await stack.up("User", "bob", { login: "bob", email: "bob@example.test" });
    expect(bob.outputs).toMatchObject({ login: "bob", email: "bob@example.test", forgeId: 1 });
    const changed = await stack.up("User", "bob", { login: "bob", email: "robert@example.test", admin: true }, bob);
    expect(changed.outputs).toMatchObject({ email: "robert@example.test", admin: true });
    expect(await emu.client().get("/users/bob")).toMatchObject({ login: "bob", email: "robert@example.test", admin: true });
    expect((await stack.refresh(changed))?.outputs).toMatchObject({ email: "robert@example.test" });

    // Renaming: the release finds the user by the path's login and never changes it.
    await emu.clearRequests();
    await expect(stack.up("User", "bob", { login: "robert", email: "robert@example.test", admin: true }, changed)).rejects.toThrow(
      /login cannot change from "bob" to "robert" on this server: Woodpecker 3\.12\.0 or newer changes it in place; this server is 3\.10\.0/,
    );
    expect(await writes()).toEqual([]);
    expect(await emu.client().get("/users/bob")).toMatchObject({ login: "bob", email: "robert@example.test" });
  });

  it("names a set entry's input by its path", async () => {
    await emu.clearRequests();
    const failures = await stack.failures("RepositorySecretSet", {
      repositoryId,
      secrets: { deploy: { value: "v", events: ["push"], note: "for deploys" }, plain: { value: "w", events: ["push"] } },
    });
    expect(failures).toEqual([tooOld('secrets["deploy"].note', "3.13.0")]);
    expect(await writes()).toEqual([]);
  });
});

describe(`on Woodpecker ${OLD}, through the plugin over gRPC`, () => {
  it("refuses at check each input the release lacks, and a set entry's by its path", async () => {
    await emu.clearRequests();
    const cron = await plugin.check("RepositoryCron", {}, { repositoryId, name: "nightly", schedule: "0 3 * * *", variables: { A: "1" } });
    expect(cron.failures).toEqual([tooOld("variables", "3.13.0")]);
    const set = await plugin.check("RepositorySecretSet", {}, { repositoryId, secrets: { deploy: { value: "v", events: ["push"], note: "n" } } });
    expect(set.failures).toEqual([tooOld('secrets["deploy"].note', "3.13.0")]);
    expect(await writes()).toEqual([]);
  });

  it("refuses at check a change the release cannot make in place, and the update refuses it again before any write", async () => {
    const inputs = { login: "carol", email: "", avatarUrl: "", admin: false, forgeId: 1, deleteOnDestroy: false };
    const made = await plugin.create("User", inputs);
    await emu.clearRequests();
    const renamed = { ...inputs, login: "caroline" };
    const check = await plugin.check("User", inputs, renamed);
    expect(check.failures).toEqual([
      {
        property: "login",
        reason:
          'login cannot change from "carol" to "caroline" on this server: Woodpecker 3.12.0 or newer changes it in place; this server is 3.10.0, which keeps login as it was. Keep login "carol" or upgrade the server',
      },
    ]);
    await expect(plugin.update("User", made.id, made.props, renamed)).rejects.toThrow(/login cannot change from "carol" to "caroline"/);
    expect(await writes()).toEqual([]);
    expect((await plugin.check("User", inputs, { ...inputs, email: "carol@example.test" })).failures).toEqual([]);
  });

  it("passes the same inputs without them", async () => {
    expect((await plugin.check("RepositoryCron", {}, { repositoryId, name: "nightly", schedule: "0 3 * * *" })).failures).toEqual([]);
  });

  it("the write refuses them too when check was skipped, before any write: a single object and a whole set", async () => {
    await emu.clearRequests();
    await expect(plugin.create("RepositoryCron", { repositoryId, name: "nightly", schedule: "0 3 * * *", enabled: false })).rejects.toThrow(
      /enabled needs Woodpecker 3\.13\.0 or newer .*this server is 3\.10\.0/,
    );
    // Made exclusive, the set would delete the strays first: it refuses before that, and before writing the entries the release could store.
    const plain = { value: "w", events: ["push"] };
    const created = await plugin.create("RepositorySecretSet", { repositoryId, secrets: { plain }, exclusive: false });
    await emu.client().post(`/repos/${repositoryId}/secrets`, { name: "stray", value: "s", events: ["push"] });
    await emu.clearRequests();
    const secrets = { plain: { ...plain, events: ["tag"] }, deploy: { value: "v", events: ["push"], note: "n" } };
    await expect(plugin.update("RepositorySecretSet", created.id, created.props, { repositoryId, secrets, exclusive: true })).rejects.toThrow(
      /note needs Woodpecker 3\.13\.0 or newer/,
    );
    expect(await writes()).toEqual([]);
  });

  it("refuses a function argument the release lacks before the function's first request", async () => {
    await emu.clearRequests();
    await expect(plugin.invoke("getUser", { login: "admin", forgeId: 2 })).rejects.toThrow(
      /forgeId needs Woodpecker 3\.12\.0 or newer .*this server is 3\.10\.0/,
    );
    expect((await emu.requests()).map((r) => r.path).filter((p) => p !== "/version")).toEqual([]);
    expect((await plugin.invoke("getUser", { login: "admin" })).result).toMatchObject({ login: "admin" });
  });
});

describe("when the server's version cannot be known at check (a preview without a reachable server)", () => {
  it("check passes on both faces (the write gate above is the backstop)", async () => {
    const unreachable = "http://127.0.0.1:1";
    const offline = await TestStack.start(emu, "admin", { config: { "woodpecker:server": unreachable, "woodpecker:retries": "0" } });
    try {
      expect(await offline.failures("RepositoryCron", { repositoryId, name: "nightly", schedule: "0 3 * * *", enabled: false })).toEqual([]);
    } finally {
      await offline.host.close();
    }
    const offlinePlugin = await startPlugin();
    try {
      await offlinePlugin.configure({ args: { server: unreachable, token: wrapSecret("t"), retries: "0" } });
      expect((await offlinePlugin.check("RepositoryCron", {}, { repositoryId, name: "nightly", schedule: "0 3 * * *", enabled: false })).failures).toEqual([]);
    } finally {
      await offlinePlugin.close();
    }
  });
});
