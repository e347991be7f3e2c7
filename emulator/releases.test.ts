import { describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

/**
 * One `version` option plays v3.17.0 (the default), v3.18.0 or an older v3 release, each behaviour
 * read from that release's source (options.ts behaviourOf). Every case runs on each release it
 * names, expectations per release.
 */
const c = useTestClient();
const RELEASES = [
  { version: "3.17.0", v3_18: false },
  { version: "3.18.0", v3_18: true },
  { version: "next-1a2b3c4d", v3_18: true }, // a development build counts as newest
];

for (const { version, v3_18 } of RELEASES) {
  describe(`playing ${version}`, () => {
    const play = async () => {
      await c.control("POST", "options", { version });
      await c.admin("POST", "/api/repos?forge_remote_id=101"); // repo 1
    };

    it("reports the version", async () => {
      await play();
      expect((await c.call("GET", "/version")).json.version).toBe(version);
    });

    it(v3_18 ? "stores forge orgs" : "drops forge orgs", async () => {
      await play();
      const created = await c.admin("POST", "/api/forges", { type: "gitea", url: "https://git.example.com", client: "c", orgs: ["acme"] });
      expect(created.json.orgs).toEqual(v3_18 ? ["acme"] : undefined);
    });

    it(`cancel, decline and delete-logs with a non-number: ${v3_18 ? "400 before the handler" : "404 (number 0)"}`, async () => {
      await play();
      for (const [method, path] of [
        ["POST", "/pipelines/x/cancel"],
        ["POST", "/pipelines/x/decline"],
        ["DELETE", "/logs/x"],
      ] as const) {
        expect((await c.admin(method, `/api/repos/1${path}`)).status, `${method} ${path}`).toBe(v3_18 ? 400 : 404);
      }
      for (const [method, path] of [
        ["POST", "/pipelines/7/cancel"],
        ["DELETE", "/pipelines/7"],
        ["GET", "/pipelines/x/config"],
      ] as const) {
        expect((await c.admin(method, `/api/repos/1${path}`)).status, `${method} ${path}`).toBe(path.includes("/x/") ? 400 : 404);
      }
    });

    it(`a repository's latest pipeline is the highest ${v3_18 ? "number" : "id"}`, async () => {
      await play();
      await c.control("POST", "seed", {
        pipelines: [
          { repoId: 1, number: 9 },
          { repoId: 1, number: 2 },
        ],
      }); // ids 1, 2
      const repos = await c.admin("GET", "/api/user/repos");
      expect(repos.json[0].last_pipeline.number).toBe(v3_18 ? 9 : 2);
      const feed = await c.admin("GET", "/api/user/feed?latest=true");
      expect(feed.json[0].number).toBe(v3_18 ? 9 : 2);
    });

    it(`removing a repository deletes ${v3_18 ? "all its pipelines" : "its pipelines but every other batch of 50"}`, async () => {
      await play();
      await c.control("POST", "seed", { pipelines: [{ repoId: 1, count: 120, status: "pending" }] });
      expect((await c.admin("DELETE", "/api/repos/1?remove=true")).status).toBe(200);
      // Orphaned rows are out of the API's reach (every query joins the repository): read the store.
      const state = (await c.control("GET", "state")) as { pipelines: Array<{ id: number }> };
      const left = state.pipelines;
      // v3.17.0: offset 0 deletes ids 1–50, offset 50 of the remaining 70 deletes ids 101–120, offset 100 finds none.
      expect(left.map((p: { id: number }) => p.id)).toEqual(v3_18 ? [] : Array.from({ length: 50 }, (_, i) => 51 + i));
    });
  });
}

/**
 * Older v3 releases, each difference read from server/model and server/api at the tag that added
 * it (the table below, not behaviourOf): a key the release lacks is dropped from requests and
 * missing from answers; before v3.12.0 users are found by login alone.
 */
const ADDED: Record<string, string> = {
  approval_allowed_users: "3.1.0",
  config_extension_endpoint: "3.11.0",
  secret_extension_endpoint: "3.14.0",
  oauth_client_secret: "3.12.0",
  forge_remote_id: "3.12.0",
  note: "3.13.0",
  enabled: "3.13.0",
  variables: "3.13.0",
  timezone: "3.15.0",
};
const at = (version: string, release: string) => {
  const [a, b] = [version, release].map((v) => v.split(".").map(Number));
  return a![0]! > b![0]! || (a![0] === b![0] && (a![1]! > b![1]! || (a![1] === b![1] && a![2]! >= b![2]!)));
};

for (const version of ["3.0.0", "3.1.0", "3.10.0", "3.11.0", "3.12.0", "3.13.0", "3.14.0", "3.15.0", "3.17.0"]) {
  const has = (key: string) => at(version, ADDED[key]!);
  describe(`playing ${version}`, () => {
    const play = async () => {
      await c.control("POST", "options", { version });
      await c.admin("POST", "/api/repos?forge_remote_id=101"); // repo 1
    };

    it("keeps a cron's enabled, variables and timezone only from the releases that added them", async () => {
      await play();
      const created = await c.admin("POST", "/api/repos/1/cron", {
        name: "nightly",
        schedule: "0 3 * * *",
        enabled: false,
        variables: { A: "1" },
        timezone: "Europe/Berlin",
      });
      expect(created.status).toBe(200);
      const read = (await c.admin("GET", `/api/repos/1/cron/${created.json.id}`)).json;
      expect([read.enabled, read.variables, read.timezone]).toEqual([
        has("enabled") ? false : undefined,
        has("variables") ? { A: "1" } : undefined,
        has("timezone") ? "Europe/Berlin" : undefined,
      ]);
      const patched = await c.admin("PATCH", `/api/repos/1/cron/${created.json.id}`, { variables: { B: "2" } });
      expect(patched.json.variables).toEqual(has("variables") ? { B: "2" } : undefined);
    });

    it("keeps a secret's note only from v3.13.0", async () => {
      await play();
      const created = await c.admin("POST", "/api/repos/1/secrets", { name: "token", value: "v", events: ["push"], note: "for deploys" });
      expect([created.status, created.json.note]).toEqual([200, has("note") ? "for deploys" : undefined]);
      const patched = await c.admin("PATCH", "/api/repos/1/secrets/token", { note: "changed" });
      expect(patched.json.note).toEqual(has("note") ? "changed" : undefined);
    });

    it("keeps a repository's approval_allowed_users and extension endpoints only from the releases that added them", async () => {
      await play();
      const patched = await c.admin("PATCH", "/api/repos/1", {
        approval_allowed_users: ["bob"],
        config_extension_endpoint: "https://config.example.com",
        secret_extension_endpoint: "https://secrets.example.com",
        timeout: 30,
      });
      expect(patched.status).toBe(200);
      const read = (await c.admin("GET", "/api/repos/1")).json;
      expect([read.timeout, read.approval_allowed_users, read.config_extension_endpoint, read.secret_extension_endpoint]).toEqual([
        30,
        has("approval_allowed_users") ? ["bob"] : undefined,
        has("config_extension_endpoint") ? "https://config.example.com" : undefined,
        has("secret_extension_endpoint") ? "https://secrets.example.com" : undefined,
      ]);
    });

    it("stores a forge's client secret only from v3.12.0", async () => {
      await play();
      const created = await c.admin("POST", "/api/forges", { type: "gitea", url: "https://git.example.com", client: "c", oauth_client_secret: "s3cret" });
      expect(created.status).toBe(200);
      const state = (await c.control("GET", "state")) as { forges: Array<{ id: number; oauth_client_secret?: string }> };
      expect(state.forges.find((f) => f.id === created.json.id)?.oauth_client_secret || "").toBe(has("oauth_client_secret") ? "s3cret" : "");
    });

    it(`users ${has("forge_remote_id") ? "live per forge (v3.12.0)" : "are found by login alone, on forge 1"}`, async () => {
      await play();
      const forge = (await c.admin("POST", "/api/forges", { type: "gitea", url: "https://git.example.com", client: "c" })).json;
      const bob = await c.admin("POST", "/api/users", { login: "bob", email: "bob@example.test", forge_id: forge.id });
      expect(bob.status).toBe(200);
      expect([bob.json.forge_id, "forge_remote_id" in bob.json]).toEqual(has("forge_remote_id") ? [forge.id, true] : [1, false]);
      // The forge in the query: v3.12.0 looks on that forge, older releases ignore it.
      expect((await c.admin("GET", "/api/users/bob?forge_id=1")).status).toBe(has("forge_remote_id") ? 404 : 200);
      expect((await c.admin("GET", `/api/users/bob?forge_id=${forge.id}`)).status).toBe(200);
      // A second API-created user of one forge shares remote id "0": refused from v3.12.0 only.
      await c.admin("POST", "/api/users", { login: "carol" });
      expect((await c.admin("POST", "/api/users", { login: "dave" })).status).toBe(has("forge_remote_id") ? 500 : 200);
      // Before v3.12.0 PATCH finds the user by the path's login and never renames it.
      if (!has("forge_remote_id")) {
        const patched = await c.admin("PATCH", "/api/users/carol", { login: "caroline", email: "c@example.test" });
        expect([patched.status, patched.json.login, patched.json.email]).toEqual([200, "carol", "c@example.test"]);
        expect((await c.admin("PATCH", "/api/users/nobody", { login: "nobody" })).status).toBe(404);
      }
    });
  });
}
