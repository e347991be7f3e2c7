import { describe, expect, it } from "vitest";
import { TestStack, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();

const api = () => emu.client();
/** Every agent on the server, global and org, as an admin sees them (pinned: test/conformance/cases.ts, "org agents: created with the org's id"). */
const allAgents = () => api().list<any>("/agents");
const BASE32_TOKEN = /^[A-Z2-7]{52}={4}$/;

async function orgId(): Promise<number> {
  await stack.up("Repository", "repo", { fullName: "acme/api" }); // activation creates the org
  return (await stack.up("Org", "org", { name: "acme" })).outputs.orgId;
}

const levels = [
  { kind: "Agent", scope: async () => ({}), list: () => "/agents", orgOf: () => -1 },
  { kind: "OrgAgent", scope: async () => ({ orgId: await orgId() }), list: (s: any) => `/orgs/${s.orgId}/agents`, orgOf: (s: any) => s.orgId },
];

describe.each(levels)("$kind", ({ kind, scope, list, orgOf }) => {
  it("creates with a server-generated token, updates in place, and deletes", async () => {
    const where = await scope();
    const created = await stack.up(kind, "agent", { ...where, name: "runner-1" });
    expect(created.step).toBe("create");
    expect(created.outputs).toMatchObject({ name: "runner-1", noSchedule: false, platform: "", backend: "", capacity: 0, version: "", lastContact: 0 });
    expect(created.outputs.token).toMatch(BASE32_TOKEN);
    expect(created.outputs.token).toHaveLength(56);
    const onServer = (await allAgents()).find((a) => a.id === created.outputs.agentId);
    expect(onServer).toMatchObject({ name: "runner-1", org_id: orgOf(where), token: created.outputs.token });
    expect(created.id).toBe(kind === "Agent" ? String(onServer.id) : `${orgOf(where)}/${onServer.id}`);

    // The token is returned on every read: a refresh sees the same one.
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs.token).toBe(created.outputs.token);
    expect(refreshed.outputs.agentId).toBe(created.outputs.agentId);
    expect((await stack.up(kind, "agent", { ...where, name: "runner-1" }, refreshed)).step).toBe("same");

    // PATCH replaces name and no_schedule together: changing only noSchedule must keep the name.
    const paused = await stack.up(kind, "agent", { ...where, name: "runner-1", noSchedule: true }, refreshed);
    expect(paused.step).toBe("update");
    expect(paused.outputs).toMatchObject({ name: "runner-1", noSchedule: true, token: created.outputs.token, agentId: created.outputs.agentId });
    expect((await allAgents()).find((a) => a.id === created.outputs.agentId)).toMatchObject({ name: "runner-1", no_schedule: true });

    // And renaming must keep noSchedule.
    const renamed = await stack.up(kind, "agent", { ...where, name: "runner-one", noSchedule: true }, paused);
    expect(renamed.step).toBe("update");
    expect(renamed.id).toBe(created.id);
    expect((await allAgents()).find((a) => a.id === created.outputs.agentId)).toMatchObject({ name: "runner-one", no_schedule: true });

    await stack.destroy(renamed);
    expect(await allAgents()).toEqual([]);
    // Already gone counts as deleted.
    await stack.destroy(renamed);
  });

  it("refresh after an out-of-band delete drops it, and the next up recreates it", async () => {
    const where = await scope();
    const created = await stack.up(kind, "agent", { ...where, name: "gone" });
    await api().delete(`${list(where)}/${created.outputs.agentId}`);
    expect(await stack.refresh(created)).toBeUndefined();
    const again = await stack.up(kind, "agent", { ...where, name: "gone" });
    expect(again.step).toBe("create");
    expect(again.outputs.agentId).not.toBe(created.outputs.agentId);
    expect((await allAgents()).map((a) => a.name)).toEqual(["gone"]);
  });

  it("refresh sees drift made outside Pulumi, and the next up repairs it", async () => {
    const where = await scope();
    const created = await stack.up(kind, "agent", { ...where, name: "drifty" });
    await api().patch(`${list(where)}/${created.outputs.agentId}`, { name: "renamed-by-hand", no_schedule: true });
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs).toMatchObject({ name: "renamed-by-hand", noSchedule: true });
    const repaired = await stack.up(kind, "agent", { ...where, name: "drifty" }, refreshed);
    expect(repaired.step).toBe("update");
    expect((await allAgents())[0]).toMatchObject({ name: "drifty", no_schedule: false });
  });

  it("adopts an existing agent by name and brings it to the declared state", async () => {
    const where = await scope();
    const existing = await api().post<any>(list(where), { name: "by-hand", no_schedule: true });
    const adopted = await stack.up(kind, "agent", { ...where, name: "by-hand", adopt: true });
    expect(adopted.outputs).toMatchObject({ agentId: existing.id, token: existing.token, noSchedule: false });
    expect(await allAgents()).toEqual([expect.objectContaining({ id: existing.id, name: "by-hand", no_schedule: false })]);
  });

  it("refuses to adopt when two agents share the name", async () => {
    const where = await scope();
    const one = await api().post<any>(list(where), { name: "twin" });
    const two = await api().post<any>(list(where), { name: "twin" });
    await expect(stack.up(kind, "agent", { ...where, name: "twin", adopt: true })).rejects.toThrow(
      new RegExp(`2 agents share this name \\(ids ${one.id}, ${two.id}\\).*rename`),
    );
    expect((await allAgents()).length).toBe(2);
  });

  it("rejects bad input at check with the field path, before any request", async () => {
    const where = await scope();
    await emu.clearRequests();
    const bad = (args: object) => stack.failures(kind, { ...where, name: "n", ...args });
    expect(await bad({ name: " " })).toEqual([{ property: "name", reason: expect.stringContaining("name must not be empty") }]);
    expect(await bad({ noSchedule: "yes" })).toEqual([{ property: "noSchedule", reason: "noSchedule: Invalid input: expected boolean, received string" }]);
    expect(await bad({ token: "mine" })).toEqual([{ property: "", reason: expect.stringContaining('no input "token"') }]);
    if (kind === "OrgAgent") expect(await bad({ orgId: -1 })).toEqual([{ property: "orgId", reason: expect.stringMatching(/^orgId: .*>0/) }]);
    expect(await emu.requests()).toEqual([]);
  });
});

describe("Agent", () => {
  it("adopting by name ignores org agents of the same name", async () => {
    const org = await orgId();
    const orgAgent = await api().post<any>(`/orgs/${org}/agents`, { name: "shared-name" });
    const global = await api().post<any>("/agents", { name: "shared-name" });
    const adopted = await stack.up("Agent", "agent", { name: "shared-name", adopt: true });
    expect(adopted.outputs.agentId).toBe(global.id);
    expect(adopted.outputs.agentId).not.toBe(orgAgent.id);
  });

  it("says an instance admin token is needed for a non-admin token", async () => {
    const alice = await TestStack.start(emu, "user");
    try {
      await expect(alice.up("Agent", "a", { name: "x" })).rejects.toThrow(/agent "x": this needs an instance admin token/);
    } finally {
      await alice.close();
    }
  });
});

describe("OrgAgent", () => {
  it("has no single GET on the server: refresh reads the org's agent list", async () => {
    const where = { orgId: await orgId() };
    const created = await stack.up("OrgAgent", "agent", { ...where, name: "listed" });
    await emu.clearRequests();
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs).toMatchObject({ name: "listed", agentId: created.outputs.agentId, token: created.outputs.token });
    const log = await emu.requests();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/orgs/${where.orgId}/agents`]);
  });

  it("finds its agent among many, past the first page of the list", async () => {
    const where = { orgId: await orgId() };
    for (let i = 0; i < 55; i++) await api().post(`/orgs/${where.orgId}/agents`, { name: `filler-${i}` });
    const created = await stack.up("OrgAgent", "agent", { ...where, name: "late" });
    const refreshed = (await stack.refresh(created))!;
    expect(refreshed.outputs).toMatchObject({ name: "late", agentId: created.outputs.agentId });
  });

  it("an agent of another org is not read as this org's", async () => {
    await stack.up("Repository", "repo", { fullName: "acme/api" });
    const acme = (await stack.up("Org", "acme", { name: "acme" })).outputs.orgId;
    const aliceOrg = (await stack.up("Org", "alice", { name: "alice" })).outputs.orgId;
    const created = await stack.up("OrgAgent", "agent", { orgId: acme, name: "mine" });
    // State claiming the agent is in another org finds nothing there.
    expect(await stack.refresh({ ...created, outputs: { ...created.outputs, orgId: aliceOrg } })).toBeUndefined();
  });

  it("refuses to create in an org that does not exist (org id 0 trap): no agent is created", async () => {
    await expect(stack.up("OrgAgent", "ghost", { orgId: 999999, name: "ghost" })).rejects.toThrow(/organization 999999 does not exist/);
    expect(await allAgents()).toEqual([]);
    await expect(stack.up("OrgAgent", "ghost", { orgId: 999999, name: "ghost", adopt: true })).rejects.toThrow(/does not exist/);
    expect(await allAgents()).toEqual([]);
  });
});
