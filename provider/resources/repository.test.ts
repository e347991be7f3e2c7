import { describe, expect, it } from "vitest";
import { TestStack, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();

const api = () => emu.client();
/** The requests made, apart from the one /version read of the provider's session. */
const writes = async () => (await emu.requests()).filter((r) => r.path !== "/version").map((r) => `${r.method} ${r.path}`);

describe("Repository", () => {
  it("activates by full name with one list, one activation and one settings update", async () => {
    await emu.clearRequests();
    const repo = await stack.up("Repository", "api", {
      fullName: "acme/api",
      visibility: "internal",
      requireApproval: "all_events",
      timeout: 30,
      allowDeployments: true,
    });
    expect(await writes()).toEqual(["GET /api/user/repos", "POST /api/repos", `PATCH /api/repos/${repo.outputs.repositoryId}`]);
    expect(repo.id).toBe(String(repo.outputs.repositoryId));
    expect(repo.outputs).toMatchObject({
      fullName: "acme/api",
      owner: "acme",
      name: "api",
      visibility: "internal",
      requireApproval: "all_events",
      timeout: 30,
      allowDeployments: true,
    });
    expect(typeof repo.outputs.orgId).toBe("number");
    expect(await api().get(`/repos/${repo.outputs.repositoryId}`)).toMatchObject({
      active: true,
      visibility: "internal",
      require_approval: "all_events",
      timeout: 30,
      allow_deploy: true,
    });
  });

  it("activates several repositories of a new owner in parallel though the server races on creating their org", async () => {
    // v3.17.0 answers 500 "Could not find or create organization" to activations that overlap the org's insert
    // (a race, so no conformance case: the emulator plays it on demand, emulator/options.ts orgInsertRaceMs).
    await emu.control("POST", "options", { orgInsertRaceMs: 200 });
    const names = ["acme/api", "acme/web", "acme/infra", "acme/ü-tool.v2"];
    // Checked one by one (the SDK's mocks declare one program at a time), then created at once, as the engine does.
    const inputs: Record<string, unknown>[] = [];
    for (const [i, fullName] of names.entries()) inputs.push(await stack.check("Repository", `repo-${i}`, { fullName, requireApproval: "forks" }));
    const repos = await Promise.all(inputs.map((args, i) => stack.host.create(stack.urn("Repository", `repo-${i}`), args)));
    expect(repos.map((repo) => repo.props.fullName)).toEqual(names);
    expect(new Set(repos.map((repo) => repo.props.orgId)).size).toBe(1);
    const activations = (await emu.requests()).filter((r) => r.method === "POST" && r.path === "/api/repos");
    expect(activations.filter((r) => r.status === 500).length).toBeGreaterThan(0); // the race did happen
    expect(activations.filter((r) => r.status === 200).length).toBe(names.length);
  });

  it("activates without a settings update when none is declared, and by forge remote id", async () => {
    const forge = await api().get<any[]>("/user/repos", { query: { all: true } });
    const remote = forge.find((r) => r.full_name === "acme/web").forge_remote_id;
    await emu.clearRequests();
    const repo = await stack.up("Repository", "web", { forgeRemoteId: remote });
    expect(await writes()).toEqual(["GET /api/user/repos", "POST /api/repos"]);
    expect(repo.inputs).toMatchObject({ forgeRemoteId: remote });
    expect(repo.outputs.fullName).toBe("acme/web");
  });

  it("updates settings in place, leaves undeclared ones alone, and replaces on a new name", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api", visibility: "private" });
    const serverTimeout = (await api().get<any>(`/repos/${repo.outputs.repositoryId}`)).timeout;
    const updated = await stack.up(
      "Repository",
      "r",
      { fullName: "acme/api", visibility: "public", requireApproval: "forks", trusted: { security: true } },
      repo,
    );
    expect(updated.step).toBe("update");
    expect(await api().get(`/repos/${repo.outputs.repositoryId}`)).toMatchObject({
      visibility: "public",
      require_approval: "forks",
      timeout: serverTimeout,
      trusted: { security: true, network: false, volumes: false },
    });
    expect(
      (await stack.up("Repository", "r", { fullName: "acme/api", visibility: "public", requireApproval: "forks", trusted: { security: true } }, updated)).step,
    ).toBe("same");
    const moved = await stack.up("Repository", "r", { fullName: "acme/web" }, updated);
    expect(moved.step).toBe("replace");
    expect(await api().get(`/repos/${repo.outputs.repositoryId}`)).toMatchObject({ active: false });
  });

  it("destroy deactivates and keeps secrets; reactivation brings them back", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api" });
    const id = repo.outputs.repositoryId;
    await api().post(`/repos/${id}/secrets`, { name: "kept", value: "v", events: ["push"] });
    await stack.destroy(repo);
    expect(await api().get(`/repos/${id}`)).toMatchObject({ active: false });
    expect(await stack.refresh(repo)).toBeUndefined();
    const again = await stack.up("Repository", "r", { fullName: "acme/api" });
    expect(again.outputs.repositoryId).toBe(id);
    expect((await api().list<any>(`/repos/${id}/secrets`)).map((s) => s.name)).toEqual(["kept"]);
  });

  it("removeOnDestroy deletes the repository and its secrets", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api", removeOnDestroy: true });
    const id = repo.outputs.repositoryId;
    await api().post(`/repos/${id}/secrets`, { name: "gone", value: "v", events: ["push"] });
    await emu.clearRequests();
    await stack.destroy(repo);
    expect(await emu.requests()).toMatchObject([{ method: "DELETE", path: `/api/repos/${id}`, query: "remove=true", status: 200 }]);
    await expect(api().get(`/repos/${id}`)).rejects.toThrow(/404/);
  });

  it("refresh after an out-of-band deactivation drops it; the next up reactivates", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api", visibility: "private" });
    await api().delete(`/repos/${repo.outputs.repositoryId}`);
    expect(await stack.refresh(repo)).toBeUndefined();
    const back = await stack.up("Repository", "r", { fullName: "acme/api", visibility: "private" });
    expect(back.step).toBe("create");
    expect(await api().get(`/repos/${back.outputs.repositoryId}`)).toMatchObject({ active: true });
  });

  it("an already active repository fails with the adopt hint; adopt takes it over", async () => {
    await stack.up("Repository", "first", { fullName: "acme/api" });
    await expect(stack.up("Repository", "second", { fullName: "acme/api" })).rejects.toThrow(/repository "acme\/api": it already exists.*adopt: true/s);
    const adopted = await stack.up("Repository", "second", { fullName: "ACME/api", adopt: true, allowPullRequests: false });
    expect(adopted.outputs).toMatchObject({ fullName: "ACME/api", allowPullRequests: false });
    expect(await api().get(`/repos/${adopted.outputs.repositoryId}`)).toMatchObject({ allow_pr: false });
  });

  it("a repository the forge does not list says so", async () => {
    await expect(stack.up("Repository", "x", { fullName: "acme/nope" })).rejects.toThrow(/repository "acme\/nope": the forge lists no such repository/);
  });

  it("non-admins: no forge admin rights, and trusted flags need an instance admin", async () => {
    const alice = await TestStack.start(emu, "user");
    try {
      await expect(alice.up("Repository", "infra", { fullName: "acme/infra" })).rejects.toThrow(/repository "acme\/infra"/);
      await expect(alice.up("Repository", "web", { fullName: "acme/web", trusted: { volumes: true } })).rejects.toThrow(/Insufficient privileges/);
    } finally {
      await alice.close();
    }
  });

  it("rejects bad settings at check with the field path", async () => {
    const failures = (args: object) => stack.failures("Repository", args);
    expect(await failures({})).toEqual([{ property: "fullName", reason: expect.stringContaining("fullName (owner/name) or forgeRemoteId is required") }]);
    expect(await failures({ fullName: "no-slash" })).toEqual([{ property: "fullName", reason: expect.stringContaining("owner/name") }]);
    expect(await failures({ fullName: "a/b", visibility: "secret" })).toEqual([{ property: "visibility", reason: expect.any(String) }]);
    expect(await failures({ fullName: "a/b", timeout: 0 })).toEqual([{ property: "timeout", reason: expect.stringContaining("at least 1 minute") }]);
    expect(await failures({ fullName: "a/b", requireApproval: "sometimes" })).toEqual([{ property: "requireApproval", reason: expect.any(String) }]);
    expect(await failures({ fullName: "a/b", trusted: { root: true } })).toEqual([{ property: "trusted", reason: expect.stringContaining("root") }]);
    expect(await failures({ fullName: "a/b", cancelPreviousPipelineEvents: ["push", "merge"] })).toEqual([
      { property: "cancelPreviousPipelineEvents[1]", reason: expect.any(String) },
    ]);
  });
});
