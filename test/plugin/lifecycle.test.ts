import { describe, expect, it } from "vitest";
import { partialOf, SECRET_SIG, wrapSecret, type Props } from "../support/grpc.js";
import { messageOf, usePlugin } from "../support/plugin.js";

/** Create, refresh, update and delete through the native plugin, against the emulator. */

const { emu, plugin } = usePlugin();
const api = () => emu.client();

async function deploy(kind: string, args: Props) {
  const { inputs, failures } = await plugin.check(kind, {}, args);
  expect(failures).toEqual([]);
  const created = await plugin.create(kind, inputs);
  return { ...created, inputs };
}

async function repository() {
  return (await deploy("Repository", { fullName: "acme/api" })).props.repositoryId as number;
}

describe("resource lifecycle", () => {
  it("RepositorySecret: create, update in place, refresh, delete; the value only ever as a secret", async () => {
    const repositoryId = await repository();
    const secret = await deploy("RepositorySecret", { repositoryId, name: "deploy_token", value: "s3cret", events: ["push"] });
    expect(secret.id).toBe(`${repositoryId}/deploy_token`);
    expect(secret.props).toMatchObject({ repositoryId, name: "deploy_token", value: wrapSecret("s3cret"), events: ["push"], secretId: expect.any(Number) });
    expect(JSON.stringify(secret.props).replace(JSON.stringify(wrapSecret("s3cret")), "")).not.toContain("s3cret");

    const news = (await plugin.check("RepositorySecret", secret.inputs, { repositoryId, name: "deploy_token", value: "n3w", events: ["push", "tag"] })).inputs;
    const updated = await plugin.update("RepositorySecret", secret.id, secret.props, news);
    expect(updated).toMatchObject({ value: wrapSecret("n3w"), events: ["push", "tag"] });
    expect(await api().get<any>(`/repos/${repositoryId}/secrets/deploy_token`)).toMatchObject({ events: ["push", "tag"] });

    // Drift made in the UI comes back on refresh, inputs included, so the next diff sees it.
    await api().request("PATCH", `/repos/${repositoryId}/secrets/deploy_token`, { body: { events: ["manual"] } });
    const refreshed = await plugin.read("RepositorySecret", secret.id, updated, news);
    expect(refreshed.props).toMatchObject({ events: ["manual"], value: wrapSecret("n3w") });
    expect(refreshed.inputs).toMatchObject({ events: ["manual"], value: wrapSecret("n3w") });
    expect((await plugin.diff("RepositorySecret", secret.id, refreshed.props, news)).detailed).toEqual({ events: "UPDATE" });

    await plugin.delete("RepositorySecret", secret.id, refreshed.props);
    await expect(api().get(`/repos/${repositoryId}/secrets/deploy_token`)).rejects.toMatchObject({ reason: "not-found" });
  });

  it("refresh drops an object deleted outside Pulumi (empty ID)", async () => {
    const repositoryId = await repository();
    const cron = await deploy("RepositoryCron", { repositoryId, name: "nightly", schedule: "@daily" });
    await api().delete(`/repos/${repositoryId}/cron/${cron.props.cronId}`);
    expect(await plugin.read("RepositoryCron", cron.id, cron.props, cron.inputs)).toEqual({ id: "", props: {}, inputs: {} });
  });

  it("User and Forge: created with settings the server needs an update for, updated, deleted only when asked", async () => {
    const user = await deploy("User", { login: "bob", admin: true, deleteOnDestroy: true });
    expect(user.props).toMatchObject({ login: "bob", admin: true, userId: expect.any(Number), forgeRemoteId: "0" });
    expect(await api().get<any>("/users/bob")).toMatchObject({ admin: true });
    const news = (await plugin.check("User", user.inputs, { login: "bob", admin: false, email: "bob@example.test", deleteOnDestroy: true })).inputs;
    expect((await plugin.diff("User", user.id, user.props, news)).detailed).toEqual({ email: "UPDATE", admin: "UPDATE" });
    const updated = await plugin.update("User", user.id, user.props, news);
    expect(updated).toMatchObject({ admin: false, email: "bob@example.test" });
    await plugin.delete("User", user.id, updated);
    await expect(api().get("/users/bob")).rejects.toMatchObject({ reason: "not-found" });

    const forge = await deploy("Forge", { type: "gitea", url: "https://git.example.com", clientSecret: "cs", additionalOptions: { k: "v" } });
    expect(forge.props).toMatchObject({ clientSecret: wrapSecret("cs"), additionalOptions: wrapSecret({ k: "v" }), forgeId: expect.any(Number) });
    await plugin.delete("Forge", forge.id, forge.props);
    expect((await api().list<any>("/forges")).map((f) => f.id)).toEqual([1]);
  });

  it("OrgAgent: the server's token comes back as a secret; preview of an update keeps the outputs", async () => {
    await repository();
    const org = await deploy("Org", { name: "acme" });
    const agent = await deploy("OrgAgent", { orgId: org.props.orgId, name: "runner" });
    expect(agent.props.token[SECRET_SIG]).toBeDefined();
    expect(agent.props.token.value).toMatch(/\w{8,}/);
    const news = (await plugin.check("OrgAgent", agent.inputs, { orgId: org.props.orgId, name: "runner", noSchedule: true })).inputs;
    const preview = await plugin.update("OrgAgent", agent.id, agent.props, news, true);
    expect(preview).toMatchObject({ noSchedule: true, agentId: agent.props.agentId, token: agent.props.token });
    expect((await api().list<any>(`/orgs/${org.props.orgId}/agents`))[0]).toMatchObject({ no_schedule: false });
    await plugin.update("OrgAgent", agent.id, agent.props, news);
    expect((await api().list<any>(`/orgs/${org.props.orgId}/agents`))[0]).toMatchObject({ no_schedule: true });
  });

  it("errors name the object and the fix: a secret that already exists", async () => {
    const repositoryId = await repository();
    await deploy("RepositorySecret", { repositoryId, name: "dup", value: "v", events: ["push"] });
    const { inputs } = await plugin.check("RepositorySecret", {}, { repositoryId, name: "dup", value: "v", events: ["push"] });
    const error = await plugin.create("RepositorySecret", inputs).then(
      () => undefined,
      (e) => e,
    );
    expect(messageOf(error)).toMatch(/repository secret "dup" of repository \d+: .*adopt: true/);
    expect(partialOf(error)).toBeUndefined();
  });

  it("a create whose read-back fails is reported as created but not initialized, secrets still secret, and the next update finishes it", async () => {
    const repositoryId = await repository();
    const { inputs } = await plugin.check("RepositoryRegistry", {}, { repositoryId, address: "ghcr.io", username: "u", password: "p4ss" });
    await emu.faults([{ method: "GET", path: "/registries/ghcr\\.io$", status: 503, count: 1 }]);
    const error = await plugin.create("RepositoryRegistry", inputs).then(
      () => undefined,
      (e) => e,
    );
    await emu.faults([]);
    expect(messageOf(error)).toMatch(/^registry "ghcr.io" of repository \d+: the server failed \(HTTP 503/);
    const partial = partialOf(error)!;
    expect(partial).toMatchObject({ id: `${repositoryId}/ghcr.io`, props: { password: wrapSecret("p4ss") }, inputs: { password: wrapSecret("p4ss") } });
    expect(JSON.stringify(partial).replaceAll(JSON.stringify(wrapSecret("p4ss")), "")).not.toContain("p4ss");
    const finished = await plugin.update("RepositoryRegistry", partial.id, partial.props, inputs);
    expect(finished).toMatchObject({ registryId: expect.any(Number), username: "u" });
  });
});

describe("state size", () => {
  it("a RepositorySecret's state (inputs + outputs) stays under 1 KB", async () => {
    const repositoryId = await repository();
    const secret = await deploy("RepositorySecret", { repositoryId, name: "deploy_token", value: "s3cret-value-of-some-length", events: ["push", "tag"] });
    const bytes = Buffer.byteLength(JSON.stringify(secret.inputs)) + Buffer.byteLength(JSON.stringify(secret.props));
    expect(bytes).toBeLessThan(1024);
  });
});
