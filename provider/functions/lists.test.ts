import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WoodpeckerClient } from "../client/client.js";
import { WoodpeckerError } from "../client/errors.js";
import {
  getAgents,
  getForges,
  getGlobalRegistries,
  getGlobalSecrets,
  getOrgAgents,
  getOrgRegistries,
  getOrgs,
  getOrgSecrets,
  getRepositoryCrons,
  getRepositoryRegistries,
  getRepositorySecrets,
  getUsers,
} from "../../sdk/functions.js";
import { harness, valueOf, type Harness } from "../../test/support/functions.js";

let h: Harness;
let admin: WoodpeckerClient;
let api: number;
let dotfiles: number;
let acme: number;
let orgAgentToken: string;
let globalAgentToken: string;

beforeAll(async () => {
  h = await harness();
  admin = h.admin();
  api = await h.activate("101"); // acme/api: alice may push
  dotfiles = await h.activate("104"); // admin/dotfiles: public, alice may only pull
  acme = (await admin.get<{ id: number }>("/orgs/lookup/acme")).id;
  // 55 repository secrets: more than one page.
  for (let i = 0; i < 55; i++) {
    await admin.post(`/repos/${api}/secrets`, {
      name: `s${String(i).padStart(2, "0")}`,
      value: "hidden-value",
      events: ["push"],
      ...(i === 0 ? { images: ["alpine:3"], note: "first" } : {}),
    });
  }
  await admin.post(`/repos/${api}/registries`, { address: "ghcr.io", username: "bot", password: "hidden-password" });
  await admin.post(`/repos/${api}/cron`, {
    name: "nightly",
    schedule: "@daily",
    branch: "develop",
    enabled: true,
    variables: { MY_VAR: "1", lower_case: "x" },
  });
  await admin.post(`/orgs/${acme}/secrets`, { name: "org_token", value: "hidden-value", events: ["push", "tag"] });
  await admin.post(`/orgs/${acme}/registries`, { address: "docker.io", username: "acme", password: "hidden-password" });
  orgAgentToken = (await admin.post<{ token: string }>(`/orgs/${acme}/agents`, { name: "acme-runner" })).token;
  globalAgentToken = (await admin.post<{ token: string }>("/agents", { name: "global-runner", no_schedule: true })).token;
  await admin.post("/secrets", { name: "global_token", value: "hidden-value", events: ["push"] });
  await admin.post("/registries", { address: "quay.io", username: "q", password: "hidden-password" });
  await admin.post("/forges", {
    type: "gitlab",
    url: "https://gitlab.example.test",
    client: "cid",
    oauth_client_secret: "hidden-secret",
    additional_options: { token: "opt-secret" },
  });
  await h.seed({ users: [{ login: "bob" }], forgeOrgs: [{ name: "empty-org" }] });
  h.use("admin");
});
afterAll(async () => {
  await admin.close();
  await h.close();
});

const noWriteOnly = (value: unknown) => {
  const text = JSON.stringify(value);
  for (const secret of ["hidden-value", "hidden-password", "hidden-secret", "value", "password", "oauth_client_secret"]) expect(text).not.toContain(secret);
};

describe("repository lists", () => {
  it("secrets: every page, camelCase, values absent", async () => {
    await h.clearRequests();
    const { repositoryId, secrets } = await getRepositorySecrets({ fullName: "acme/api" });
    expect(repositoryId).toBe(api);
    expect(secrets).toHaveLength(55);
    expect(secrets[0]).toEqual({ id: expect.any(Number), orgId: 0, repoId: api, name: "s00", images: ["alpine:3"], events: ["push"], note: "first" });
    expect(secrets[1]).toMatchObject({ name: "s01", images: [], note: "" }); // the server's null images read as []
    noWriteOnly(secrets);
    const pages = (await h.requests()).filter((r) => r.path === `/api/repos/${api}/secrets`);
    expect(pages.map((r) => r.query)).toEqual(["page=1&perPage=50", "page=2&perPage=50"]);
  });

  it("registries: password absent", async () => {
    const { registries } = await getRepositoryRegistries({ repositoryId: api });
    expect(registries).toEqual([{ id: expect.any(Number), orgId: 0, repoId: api, address: "ghcr.io", username: "bot", readonly: false }]);
    noWriteOnly(registries);
  });

  it("crons: variable names kept as they are", async () => {
    const { crons } = await getRepositoryCrons({ repositoryId: api });
    expect(crons).toHaveLength(1);
    expect(crons[0]).toMatchObject({
      name: "nightly",
      repoId: api,
      schedule: "@daily",
      branch: "develop",
      enabled: true,
      timezone: "UTC",
      variables: { MY_VAR: "1", lower_case: "x" },
    });
    expect(crons[0]!.nextExec).toBeGreaterThan(0);
  });

  it("empty lists (the server's null) are empty", async () => {
    expect((await getRepositorySecrets({ repositoryId: dotfiles })).secrets).toEqual([]);
    expect((await getRepositoryCrons({ repositoryId: dotfiles })).crons).toEqual([]);
  });

  it("a user without push permission gets the 404 with the permission hint", async () => {
    h.use("alice");
    try {
      // alice can read the public admin/dotfiles but not push to it.
      const error = await getRepositorySecrets({ repositoryId: dotfiles }).catch((e) => e);
      expect(error).toBeInstanceOf(WoodpeckerError);
      expect([error.reason, error.status]).toEqual(["not-found", 404]);
      expect(error.message).toMatch(
        new RegExp(`^secrets of repository ${dotfiles}: the repository does not exist, or the token's user lacks push permission on it`),
      );
      const byName = await getRepositoryCrons({ fullName: "admin/dotfiles" }).catch((e) => e);
      expect(byName.message).toMatch(/^crons of repository "admin\/dotfiles": the repository does not exist, or the token's user lacks push permission/);
      // alice may push to acme/api.
      expect((await getRepositoryRegistries({ repositoryId: api })).registries).toHaveLength(1);
    } finally {
      h.use("admin");
    }
  });
});

describe("org lists", () => {
  it("secrets and registries by id or name", async () => {
    const secrets = await getOrgSecrets({ orgId: acme });
    expect(secrets).toEqual({
      orgId: acme,
      secrets: [{ id: expect.any(Number), orgId: acme, repoId: 0, name: "org_token", images: [], events: ["push", "tag"], note: "" }],
    });
    expect(await getOrgSecrets({ orgName: "acme" })).toEqual(secrets);
    const { registries } = await getOrgRegistries({ orgName: "acme" });
    expect(registries).toEqual([{ id: expect.any(Number), orgId: acme, repoId: 0, address: "docker.io", username: "acme", readonly: false }]);
    noWriteOnly([secrets, registries]);
  });

  it("agents, each token a secret Output", async () => {
    const { agents } = await getOrgAgents({ orgId: acme });
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ name: "acme-runner", orgId: acme, noSchedule: false, customLabels: {} });
    expect(pulumi.Output.isInstance(agents[0]!.token)).toBe(true);
    expect(await pulumi.isSecret(agents[0]!.token)).toBe(true);
    expect(await valueOf(agents[0]!.token)).toBe(orgAgentToken);
  });

  it("an unknown org id is not found, and its lists are never requested (org 0 would list every secret)", async () => {
    await h.clearRequests();
    for (const fn of [getOrgSecrets, getOrgRegistries, getOrgAgents]) {
      const error = await fn({ orgId: 999999 }).catch((e) => e);
      expect(error).toBeInstanceOf(WoodpeckerError);
      expect(error.reason).toBe("not-found");
      expect(error.message).toMatch(/^organization 999999: no organization has this id/);
    }
    expect((await h.requests()).map((r) => r.path)).toEqual(["/api/orgs/999999", "/api/orgs/999999", "/api/orgs/999999"]);
  });

  it("a member without org admin rights gets 403, the list named", async () => {
    h.use("alice"); // member of acme on the forge, not an admin
    try {
      const error = await getOrgSecrets({ orgName: "acme" }).catch((e) => e);
      expect([error.reason, error.status]).toEqual(["forbidden", 403]);
      expect(error.message).toMatch(/^secrets of organization "acme": /);
    } finally {
      h.use("admin");
    }
  });
});

describe("global and admin lists", () => {
  it("global secrets and registries, readable by any user", async () => {
    h.use("alice");
    try {
      expect((await getGlobalSecrets()).secrets).toEqual([
        { id: expect.any(Number), orgId: 0, repoId: 0, name: "global_token", images: [], events: ["push"], note: "" },
      ]);
      expect((await getGlobalRegistries()).registries).toEqual([
        { id: expect.any(Number), orgId: 0, repoId: 0, address: "quay.io", username: "q", readonly: false },
      ]);
    } finally {
      h.use("admin");
    }
  });

  it("agents: global and org ones, tokens as secret Outputs", async () => {
    const { agents } = await getAgents();
    expect(agents.map((a) => [a.name, a.orgId, a.noSchedule])).toEqual([
      ["acme-runner", acme, false],
      ["global-runner", -1, true],
    ]);
    for (const agent of agents) expect(await pulumi.isSecret(agent.token)).toBe(true);
    expect(await valueOf(agents[1]!.token)).toBe(globalAgentToken);
  });

  it("forges: full for admins with options secret, public copy for others, client secret never", async () => {
    const { forges } = await getForges();
    const gitlab = forges.find((f) => f.type === "gitlab")!;
    expect(gitlab).toMatchObject({ url: "https://gitlab.example.test", client: "cid", skipVerify: false, orgs: [] });
    expect(await pulumi.isSecret(gitlab.additionalOptions)).toBe(true);
    expect(await valueOf(gitlab.additionalOptions)).toEqual({ token: "opt-secret" });
    h.use("alice");
    try {
      const publicCopy = (await getForges()).forges.find((f) => f.type === "gitlab")!;
      expect(publicCopy).toMatchObject({ url: "https://gitlab.example.test", client: "", orgs: [] });
      expect(await valueOf(publicCopy.additionalOptions)).toEqual({});
    } finally {
      h.use("admin");
    }
    expect(JSON.stringify(forges)).not.toContain("hidden-secret");
  });

  it("users and orgs", async () => {
    const { users } = await getUsers();
    expect(users.map((u) => [u.login, u.admin])).toEqual([
      ["admin", true],
      ["alice", false],
      ["bob", false],
    ]);
    expect(users[0]).toHaveProperty("adminEnv", false);
    const { orgs } = await getOrgs();
    expect(orgs).toEqual([{ id: acme, forgeId: 1, name: "acme", isUser: false }]); // personal orgs are left out
  });

  it("admin-only lists name the list and the admin requirement for others", async () => {
    h.use("alice");
    try {
      for (const [fn, object] of [
        [getAgents, "the agent list"],
        [getUsers, "the user list"],
        [getOrgs, "the organization list"],
      ] as const) {
        const error = await fn().catch((e) => e);
        expect(error).toBeInstanceOf(WoodpeckerError);
        expect([error.reason, error.status, error.object]).toEqual(["forbidden", 403, object]);
        expect(error.message).toMatch(new RegExp(`^${object}: this needs an instance admin token`));
      }
    } finally {
      h.use("admin");
    }
  });
});
