import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorFixture, type FaultRule, type LoggedRequest } from "../support/emulator.js";
import { wrapSecret, type Props } from "../support/grpc.js";
import { messageOf, startPlugin, type Plugin } from "../support/plugin.js";

/**
 * A create whose answer does not come in time (woodpecker:timeoutSeconds = 1), through the plugin
 * over gRPC: the server acts late, answers late, or drops the connection after acting. Each ends
 * with exactly one object on the server, and the create returns that object for the state.
 */

let emu: EmulatorFixture;
let plugin: Plugin;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
  plugin = await startPlugin();
  await plugin.configure({ args: { server: emu.url, token: wrapSecret(emu.emulator.adminToken), retries: "0", timeoutSeconds: "1" } });
});
afterAll(async () => {
  await plugin?.close();
  await emu?.close();
});
beforeEach(() => emu.reset());

const api = () => emu.client();

async function created(kind: string, args: Props) {
  const { inputs, failures } = await plugin.check(kind, {}, args);
  expect(failures).toEqual([]);
  return {
    inputs,
    result: await plugin.create(kind, inputs).then(
      (r) => r,
      (e) => new Error(messageOf(e)),
    ),
  };
}

/** The API requests of one step, as `METHOD path` (control requests are not logged). */
const sent = (log: LoggedRequest[]) => log.map((q) => `${q.method} ${q.path}`);

const faults: { name: string; rule: Omit<FaultRule, "method" | "path"> }[] = [
  { name: "the server acts 2.5 s late (the client gave up at 1 s)", rule: { latencyMs: 2500 } },
  { name: "the server acts at once and answers 2.5 s late", rule: { answerLatencyMs: 2500 } },
  { name: "the connection drops after the server acted", rule: { drop: "after" } },
];

describe.each(faults)("a create whose answer is lost: $name", ({ rule }) => {
  it("RepositorySecret: one secret on the server, held by the create's result", async () => {
    const repositoryId = (await api().post<any>("/repos?forge_remote_id=101", undefined)).id as number;
    await emu.clearRequests();
    await emu.faults([{ method: "POST", path: "/secrets$", count: 1, ...rule }]);
    const { result } = await created("RepositorySecret", { repositoryId, name: "late", value: "v", events: ["push"] });
    if (result instanceof Error) throw result;
    const onServer = await api().list<any>(`/repos/${repositoryId}/secrets`);
    expect(onServer).toHaveLength(1);
    expect(result).toMatchObject({ id: `${repositoryId}/late`, props: { secretId: onServer[0].id } });
    const log = sent(await emu.requests());
    expect(log.filter((q) => q.startsWith("POST "))).toHaveLength(1);
    console.log(`RepositorySecret, ${JSON.stringify(rule)}: objects before 0, after ${onServer.length}; requests: ${log.join(", ")}`);
  });

  it("Agent (names not unique on the server): one agent, held by the create's result; a rerun without adopt is refused", async () => {
    await emu.faults([{ method: "POST", path: "^/api/agents$", count: 1, ...rule }]);
    const { inputs, result } = await created("Agent", { name: "runner" });
    if (result instanceof Error) throw result;
    const agents = await api().list<any>("/agents");
    expect(agents.map((a) => a.name)).toEqual(["runner"]);
    expect(result.props.agentId).toBe(agents[0].id);
    const log = sent(await emu.requests());
    expect(log.filter((q) => q.startsWith("POST "))).toHaveLength(1);
    console.log(`Agent, ${JSON.stringify(rule)}: objects before 0, after ${agents.length}; requests: ${log.join(", ")}`);

    // The state lost this create (e.g. the CLI was killed): the next `up` must not make a second agent.
    const again = await plugin.create("Agent", inputs).then(() => undefined, messageOf);
    expect(again).toMatch(/^agent "runner": it already exists on the server.*`adopt: true`/);
    expect(await api().list<any>("/agents")).toHaveLength(1);
  });
});

describe("same-named agents in the scope", () => {
  it("Agent and OrgAgent refuse a name already used in their scope unless adopting; other scopes do not count", async () => {
    await api().post("/agents", { name: "shared" });
    expect(await plugin.create("Agent", (await plugin.check("Agent", {}, { name: "shared" })).inputs).then(() => undefined, messageOf)).toMatch(
      /^agent "shared": it already exists on the server.*`adopt: true`/,
    );
    const adopted = await plugin.create("Agent", (await plugin.check("Agent", {}, { name: "shared", adopt: true })).inputs);
    expect(await api().list<any>("/agents")).toMatchObject([{ id: adopted.props.agentId, name: "shared" }]);

    const repositoryId = (await api().post<any>("/repos?forge_remote_id=101", undefined)).id as number;
    const orgId = (await api().get<any>(`/repos/${repositoryId}`)).org_id as number;
    // A global agent of the same name is another scope: the org agent is created.
    const orgAgent = await plugin.create("OrgAgent", (await plugin.check("OrgAgent", {}, { orgId, name: "shared" })).inputs);
    expect(orgAgent.props.agentId).not.toBe(adopted.props.agentId);
    expect(await plugin.create("OrgAgent", (await plugin.check("OrgAgent", {}, { orgId, name: "shared" })).inputs).then(() => undefined, messageOf)).toMatch(
      /^agent "shared" of organization \d+: it already exists on the server.*`adopt: true`/,
    );
    expect(await api().list<any>(`/orgs/${orgId}/agents`)).toHaveLength(1);
  });
});

describe("when it still cannot tell", () => {
  it("an agent the server writes only after the wait: says it may exist and names both ways out; adopting then leaves one agent", async () => {
    // The server acts 5 s after the POST; the client gives up at 1 s and looks for 3 s more.
    await emu.faults([{ method: "POST", path: "^/api/agents$", latencyMs: 5000, count: 1 }]);
    const started = Date.now();
    const { inputs, result } = await created("Agent", { name: "runner" });
    const waited = Date.now() - started;
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(
      /^agent "runner": the answer to the create was lost \(timeout\) and the object did not appear within 3 s after it, so the server may have created it, or may still\. .*add `adopt: true`.*`pulumi import woodpecker:index:Agent <name> <agentId>`/,
    );
    expect(waited).toBeGreaterThanOrEqual(3500);
    expect(waited).toBeLessThan(4900);
    console.log(`Agent, POST acted 5 s late: requests: ${sent(await emu.requests()).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 5000 - waited + 300));
    expect(await api().list<any>("/agents")).toHaveLength(1);
    const adopted = await plugin.create("Agent", { ...inputs, adopt: true });
    expect(await api().list<any>("/agents")).toMatchObject([{ id: adopted.props.agentId }]);
  });

  it("a secret whose lookups all fail: says it may exist and why; adopting then leaves one secret", async () => {
    const repositoryId = (await api().post<any>("/repos?forge_remote_id=101", undefined)).id as number;
    await emu.faults([
      { method: "POST", path: "/secrets$", drop: "after", count: 1 },
      { method: "GET", path: "/secrets/lost$", status: 503, count: 1000 },
    ]);
    const { inputs, result } = await created("RepositorySecret", { repositoryId, name: "lost", value: "v", events: ["push"] });
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(
      /^repository secret "lost" of repository \d+: the answer to the create was lost \(connection\) and looking the object up failed \(.*HTTP 503.*\), so the server may have created it, or may still\. .*add `adopt: true`.*`pulumi import woodpecker:index:RepositorySecret <name> <repositoryId>\/<name>`/,
    );
    await emu.faults([]);
    await plugin.create("RepositorySecret", { ...inputs, adopt: true });
    expect(await api().list<any>(`/repos/${repositoryId}/secrets`)).toHaveLength(1);
  });
});
