import { describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

/**
 * What the released v3.17.0 does, as measured on it (the conformance cases pin the same against a real
 * server, test/conformance/cases.ts), and the options that play other servers.
 */
const c = useTestClient();

describe("a missing org id acts on the global level (v3.17.0)", () => {
  it("PATCH and DELETE of an org secret of a missing org change and delete the global secret of that name", async () => {
    await c.admin("POST", "/api/secrets", { name: "shared", value: "v", events: ["push"] });
    const patched = await c.admin("PATCH", "/api/orgs/4242/secrets/shared", { events: ["tag"] });
    expect([patched.status, patched.json.org_id, patched.json.events]).toEqual([200, 0, ["tag"]]);
    expect((await c.admin("GET", "/api/secrets/shared")).json.events).toEqual(["tag"]);
    expect((await c.admin("DELETE", "/api/orgs/4242/secrets/shared")).status).toBe(204);
    expect((await c.admin("GET", "/api/secrets/shared")).status).toBe(404);
  });

  it("PATCH of an org registry of a missing org changes the global registry", async () => {
    await c.admin("POST", "/api/registries", { address: "ghcr.io", username: "bot", password: "pw" });
    expect((await c.admin("PATCH", "/api/orgs/4242/registries/ghcr.io", { username: "intruder" })).status).toBe(200);
    expect((await c.admin("GET", "/api/registries/ghcr.io")).json.username).toBe("intruder");
  });

  it("org agents are not affected: PATCH and DELETE under a missing org answer 404", async () => {
    const agent = await c.admin("POST", "/api/agents", { name: "global-runner" });
    const id = agent.json.id;
    expect((await c.admin("PATCH", `/api/orgs/4242/agents/${id}`, { name: "x" })).status).toBe(404);
    expect((await c.admin("DELETE", `/api/orgs/4242/agents/${id}`)).status).toBe(404);
    expect((await c.admin("GET", `/api/agents/${id}`)).json.name).toBe("global-runner");
  });
});

describe("forge orgs", () => {
  const forge = { type: "gitea", url: "https://git.example.com", client: "c", orgs: ["acme"] };

  it("v3.17.0 drops orgs silently on create and update and never returns them", async () => {
    const created = await c.admin("POST", "/api/forges", forge);
    expect(created.status).toBe(200);
    expect(created.json).not.toHaveProperty("orgs");
    await c.admin("PATCH", `/api/forges/${created.json.id}`, forge);
    expect((await c.admin("GET", `/api/forges/${created.json.id}`)).json).not.toHaveProperty("orgs");
  });

  it("a development build (forgeOrgs) stores and returns them", async () => {
    await c.control("POST", "options", { version: "next-1a2b3c4d" });
    const created = await c.admin("POST", "/api/forges", forge);
    expect(created.json.orgs).toEqual(["acme"]);
    expect((await c.call("GET", "/version")).json.version).toBe("next-1a2b3c4d");
  });

  it("options are validated and reset with the emulator", async () => {
    expect(await c.control("POST", "options", { forgeOrg: true })).toEqual({ error: expect.stringMatching(/unknown option forgeOrg/) });
    expect(await c.control("POST", "options", { version: 3 })).toEqual({ error: "option version must be a string" });
    await c.control("POST", "options", { version: "3.16.0" });
    await c.reset();
    expect((await c.call("GET", "/version")).json.version).toBe("3.17.0");
  });
});

describe("registry addresses that Go's url.Parse refuses (v3.17.0)", () => {
  const R = { username: "bot", password: "pw" };

  it("are refused on create: 400 for repository and global registries, 422 for org registries", async () => {
    await c.admin("POST", "/api/repos?forge_remote_id=101"); // repo 1, org 3 (acme)
    const repo = await c.admin("POST", "/api/repos/1/registries", { ...R, address: "%zz" });
    expect([repo.status, repo.text]).toEqual([400, 'Error inserting registry. parse "%zz": invalid URL escape "%zz"']);
    const org = await c.admin("POST", "/api/orgs/3/registries", { ...R, address: "%zz" });
    expect([org.status, org.text]).toEqual([422, 'Error inserting org \'\\x03\' registry. parse "%zz": invalid URL escape "%zz"']);
    const global = await c.admin("POST", "/api/registries", { ...R, address: "127.0.0.1:5000" });
    expect([global.status, global.text]).toEqual([
      400,
      'Error inserting global registry. parse "127.0.0.1:5000": first path segment in URL cannot contain colon',
    ]);
  });

  it("are refused when an update renames an org or global registry", async () => {
    await c.admin("POST", "/api/registries", { ...R, address: "ghcr.io" });
    const renamed = await c.admin("PATCH", "/api/registries/ghcr.io", { address: "%zz" });
    expect(renamed.status).toBe(400);
    expect((await c.admin("GET", "/api/registries/ghcr.io")).status).toBe(200);
  });
});

describe("activations of a new owner racing on its org (orgInsertRaceMs)", () => {
  it("the loser answers 500 and creates nothing; a retry after the insert succeeds", async () => {
    await c.control("POST", "options", { orgInsertRaceMs: 200 });
    const first = await c.admin("POST", "/api/repos?forge_remote_id=101"); // acme/api: creates org acme
    const second = await c.admin("POST", "/api/repos?forge_remote_id=102"); // acme/web, inside the window
    expect(first.status).toBe(200);
    expect([second.status, second.text]).toEqual([500, "Could not find or create organization acme."]);
    expect((await c.admin("GET", "/api/repos/lookup/acme/web")).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await c.admin("POST", "/api/repos?forge_remote_id=102")).status).toBe(200);
  });

  it("is off by default", async () => {
    expect((await c.admin("POST", "/api/repos?forge_remote_id=101")).status).toBe(200);
    expect((await c.admin("POST", "/api/repos?forge_remote_id=102")).status).toBe(200);
  });
});
