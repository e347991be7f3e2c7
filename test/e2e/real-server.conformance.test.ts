// The conformance table (test/conformance/cases.ts) against the REAL Woodpecker server, started by
// scripts/e2e/real-server.ts against the fake Gitea, which serves the table's FIXTURE (the org and
// repositories the emulator target seeds through its control API).
// Needs WOODPECKER_SERVER_BIN (a v3.17.x woodpecker-server binary); without a server every case
// FAILS with the reason, nothing is skipped.
import { afterAll, beforeAll, describe, it } from "vitest";
import { startRealServer, RealServer } from "../../scripts/e2e/real-server";
import type { FakeGiteaCatalogue } from "../../scripts/e2e/fake-gitea";
import { Api, CASES, FIXTURE, fixtureRepos } from "../conformance/cases";

const adminLogin = "alice";
const userLogin = "bob";

const catalogue: FakeGiteaCatalogue = {
  users: [
    { id: 1, login: adminLogin, email: `${adminLogin}@example.test` },
    { id: 2, login: userLogin, email: `${userLogin}@example.test` },
  ],
  orgs: [{ id: 70, name: FIXTURE.org, members: { [adminLogin]: "owner", [userLogin]: "write" } }],
  repos: [
    ...fixtureRepos().map((r) => ({ id: r.remoteId, owner: FIXTURE.org, name: r.name, branches: [...FIXTURE.branches] })),
    { id: FIXTURE.hidden.remoteId, owner: adminLogin, name: FIXTURE.hidden.name, private: true },
  ],
};

describe("conformance: real Woodpecker server", () => {
  let server: RealServer | undefined;
  let api: Api | undefined;
  let startError: unknown;

  beforeAll(async () => {
    try {
      server = await startRealServer({ catalogue, adminLogin, userLogin });
      const s = server;
      api = new Api({
        name: "real server",
        url: s.url,
        adminToken: s.adminToken,
        userToken: s.userToken,
        adminLogin,
        userLogin,
        forgeUrl: s.gitea.url,
        close: () => s.stop(),
      });
    } catch (err) {
      startError = err;
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const c of CASES)
    it(c.name, async () => {
      if (startError || !api) throw startError ?? new Error("the real server did not start");
      await c.run(api);
    });
});
