import { describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

/**
 * One `version` option plays v3.17.0 (the default) or v3.18.0, each behaviour read from that
 * release's source (options.ts behaviourOf). Every case runs on both, expectations per release.
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
