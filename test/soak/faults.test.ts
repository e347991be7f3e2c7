import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorFixture, type FaultRule } from "../support/emulator.js";
import { declare, partialOf, startHost, stripSecrets, urnOf, wrapSecret, type Host, type Props } from "../support/host.js";

/**
 * Fault soak: a 300-resource create / update / destroy cycle through the SDK's real provider host
 * while the emulator injects latency, 5xx, 429 with Retry-After and dropped connections (before
 * and after the server acted) on a seeded share of requests. Failed steps are retried the way a
 * user re-runs `pulumi up`, for a bounded number of rounds; then the server must hold exactly the
 * declared objects (none duplicated, none lost) and nothing after destroy, and every failure must
 * have been a clear error naming its object.
 */

const KINDS = ["RepositorySecret", "RepositoryRegistry", "RepositoryCron", "OrgSecret", "GlobalSecret", "Agent"] as const;
type Kind = (typeof KINDS)[number];
const MAX_ROUNDS = 8;
const CONCURRENCY = 16;

const FAULTS: FaultRule[] = [
  { latencyMs: 40, rate: 0.1 },
  { status: 503, body: "upstream unavailable", rate: 0.06 },
  { status: 502, rate: 0.03 },
  { status: 429, retryAfter: 1, rate: 0.02 },
  { drop: "before", rate: 0.05 },
  { drop: "after", rate: 0.05 },
];

interface Resource {
  kind: Kind;
  name: string;
  create: Props;
  update: Props;
  /** How the provider names the object in messages. */
  describes: RegExp;
  deployed?: { id: string; inputs: Props; outputs: Props; partial?: boolean };
  updated?: boolean;
}

interface Failure {
  phase: string;
  resource: Resource;
  message: string;
}

let emu: EmulatorFixture;
let host: Host;
let quick: Host;
let providers: Record<string, string>;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
  const declared = await declare((sdk) => {
    new sdk.RepositorySecret("p-RepositorySecret", { repositoryId: 1, name: "n", value: "v", events: ["push"] });
    new sdk.RepositoryRegistry("p-RepositoryRegistry", { repositoryId: 1, address: "a", username: "u", password: "p" });
    new sdk.RepositoryCron("p-RepositoryCron", { repositoryId: 1, name: "n", schedule: "@daily" });
    new sdk.OrgSecret("p-OrgSecret", { orgId: 1, name: "n", value: "v", events: ["push"] });
    new sdk.GlobalSecret("p-GlobalSecret", { name: "n", value: "v", events: ["push"] });
    new sdk.Agent("p-Agent", { name: "n" });
  });
  providers = Object.fromEntries(KINDS.map((kind) => [kind, declared.find((d) => d.name === `p-${kind}`)!.inputs.__provider]));
  host = await startHost();
  await host.configure({ "woodpecker:server": emu.url, "woodpecker:token": wrapSecret(emu.emulator.adminToken), "woodpecker:retries": "1" });
  // For creates that wait out their recovery window (three timeouts): a 1 s timeout keeps them short.
  quick = await startHost();
  await quick.configure({
    "woodpecker:server": emu.url,
    "woodpecker:token": wrapSecret(emu.emulator.adminToken),
    "woodpecker:retries": "1",
    "woodpecker:timeoutSeconds": "1",
  });
});
afterAll(async () => {
  await host?.close();
  await quick?.close();
  await emu?.close();
});

const api = () => emu.client();
const urn = (r: Resource) => urnOf(`pulumi-nodejs:dynamic/woodpecker:${r.kind}`, r.name);
const messageOf = (error: unknown) => String((error as { details?: string }).details ?? (error as Error).message ?? error);

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function checked(r: Resource, args: Props, olds: Props = {}): Promise<Props> {
  const result = await host.check(urn(r), olds, stripSecrets({ ...args, __provider: providers[r.kind] }));
  if (result.failures.length) throw new Error(`check failed for ${r.name}: ${JSON.stringify(result.failures)}`);
  return result.inputs!;
}

/** One `pulumi up` over the resources not yet created (or created but not initialized). */
async function createRound(resources: Resource[], failures: Failure[]) {
  await pool(
    resources.filter((r) => !r.deployed || r.deployed.partial),
    async (r) => {
      try {
        const inputs = await checked(r, r.create, r.deployed?.inputs);
        if (r.deployed?.partial) {
          // The engine updates a resource whose create succeeded but did not finish.
          const outputs = await host.update(urn(r), r.deployed.id, r.deployed.outputs, inputs);
          r.deployed = { id: r.deployed.id, inputs, outputs };
        } else {
          const created = await host.create(urn(r), inputs);
          r.deployed = { id: created.id, inputs, outputs: created.props };
        }
      } catch (error) {
        const partial = partialOf(error);
        if (partial) r.deployed = { id: partial.id, inputs: r.create, outputs: partial.props, partial: true };
        const message = messageOf(error);
        failures.push({ phase: "create", resource: r, message });
        // The create's answer and the lookup after it were both lost: the message tells the user to
        // add `adopt: true`, and a user does.
        if (/adopt: true/.test(message)) r.create = { ...r.create, adopt: true };
      }
    },
  );
}

async function updateRound(resources: Resource[], failures: Failure[]) {
  await pool(
    resources.filter((r) => !r.updated),
    async (r) => {
      try {
        const deployed = r.deployed!;
        const inputs = await checked(r, r.update, deployed.inputs);
        const diff = await host.diff(urn(r), deployed.id, deployed.outputs, inputs);
        expect(diff.replaces, r.name).toEqual([]);
        if (diff.changes === "SOME") r.deployed = { ...deployed, inputs, outputs: await host.update(urn(r), deployed.id, deployed.outputs, inputs) };
        r.updated = true;
      } catch (error) {
        failures.push({ phase: "update", resource: r, message: messageOf(error) });
      }
    },
  );
}

async function destroyRound(resources: Resource[], failures: Failure[]) {
  await pool(
    resources.filter((r) => r.deployed),
    async (r) => {
      try {
        await host.delete(urn(r), r.deployed!.id, r.deployed!.outputs);
        r.deployed = undefined;
      } catch (error) {
        failures.push({ phase: "destroy", resource: r, message: messageOf(error) });
      }
    },
  );
}

/** Re-runs a phase until nothing is left to do, at most MAX_ROUNDS times; returns the rounds used. */
async function converge(done: () => boolean, round: () => Promise<void>, failures: Failure[]): Promise<number> {
  for (let rounds = 1; rounds <= MAX_ROUNDS; rounds++) {
    const before = failures.length;
    await round();
    if (done()) return rounds;
    if (rounds >= 4)
      console.log(
        `round ${rounds} failures:\n${failures
          .slice(before)
          .map((f) => `  ${f.resource.name}: ${f.message}`)
          .join("\n")}`,
      );
    if (rounds === MAX_ROUNDS)
      throw new Error(
        `did not converge in ${MAX_ROUNDS} rounds; last failures:\n${failures
          .slice(before)
          .map((f) => `${f.resource.name}: ${f.message}`)
          .join("\n")}`,
      );
  }
  return MAX_ROUNDS;
}

function expectClear(failures: Failure[]) {
  for (const { resource, message } of failures) {
    expect(message, `${resource.name}: ${message}`).toMatch(resource.describes);
    expect(message).not.toMatch(/undefined|\[object Object\]|Cannot read|is not a function|TypeError/);
  }
}

describe("fault soak", () => {
  it("converges on 300 resources through latency, 5xx, 429 and dropped connections: nothing duplicated, lost or left behind", async () => {
    await emu.reset();
    const repos = ["one", "two", "three", "four", "five"];
    const seeded = await emu.seed({
      forgeOrgs: [{ name: "soak", members: ["admin"], admins: ["admin"] }],
      forgeRepos: repos.map((name) => ({ owner: "soak", name, admins: ["admin"] })),
    });
    const repositoryIds: number[] = [];
    for (const repo of seeded.forgeRepos) repositoryIds.push((await api().post<any>(`/repos?forge_remote_id=${repo.remoteId}`, undefined)).id);
    const orgId = (await api().get<any>("/orgs/lookup/soak")).id as number;

    const resources: Resource[] = [];
    for (const repositoryId of repositoryIds) {
      for (let i = 0; i < 20; i++) {
        const args = { repositoryId, name: `secret_${i}`, value: `v${i}`, events: ["push"] };
        resources.push({
          kind: "RepositorySecret",
          name: `${repositoryId}-s${i}`,
          create: args,
          update: { ...args, value: `w${i}`, events: ["push", "tag"] },
          describes: new RegExp(`^repository secret "secret_${i}" of repository ${repositoryId}: `),
        });
      }
      for (let i = 0; i < 16; i++) {
        const args = { repositoryId, address: `registry${i}.example.test`, username: "u", password: `p${i}` };
        resources.push({
          kind: "RepositoryRegistry",
          name: `${repositoryId}-r${i}`,
          create: args,
          update: { ...args, username: "u2" },
          describes: new RegExp(`^registry "registry${i}\\.example\\.test" of repository ${repositoryId}: `),
        });
      }
      for (let i = 0; i < 12; i++) {
        const args = { repositoryId, name: `cron_${i}`, schedule: "@daily" };
        resources.push({
          kind: "RepositoryCron",
          name: `${repositoryId}-c${i}`,
          create: args,
          update: { ...args, schedule: "@hourly" },
          describes: new RegExp(`^cron "cron_${i}" of repository ${repositoryId}: `),
        });
      }
    }
    for (let i = 0; i < 20; i++) {
      const org = { orgId, name: `org_secret_${i}`, value: "v", events: ["push"] };
      resources.push({
        kind: "OrgSecret",
        name: `os${i}`,
        create: org,
        update: { ...org, events: ["tag"] },
        describes: new RegExp(`^org secret "org_secret_${i}" of organization ${orgId}: `),
      });
      const global = { name: `global_secret_${i}`, value: "v", events: ["push"] };
      resources.push({
        kind: "GlobalSecret",
        name: `gs${i}`,
        create: global,
        update: { ...global, events: ["tag"] },
        describes: new RegExp(`^global secret "global_secret_${i}": `),
      });
      resources.push({
        kind: "Agent",
        name: `a${i}`,
        create: { name: `agent_${i}` },
        update: { name: `agent_${i}`, noSchedule: true },
        describes: new RegExp(`^agent "agent_${i}": `),
      });
    }
    expect(resources).toHaveLength(300);

    const failures: Failure[] = [];
    const rounds: Record<string, number> = {};
    await emu.clearRequests();

    await emu.faults(FAULTS, 11);
    rounds.create = await converge(
      () => resources.every((r) => r.deployed && !r.deployed.partial),
      () => createRound(resources, failures),
      failures,
    );
    await emu.faults([]);
    await expectServerHolds(resources, repositoryIds, orgId, "created");

    await emu.faults(FAULTS, 12);
    rounds.update = await converge(
      () => resources.every((r) => r.updated),
      () => updateRound(resources, failures),
      failures,
    );
    await emu.faults([]);
    await expectServerHolds(resources, repositoryIds, orgId, "updated");

    await emu.faults(FAULTS, 13);
    rounds.destroy = await converge(
      () => resources.every((r) => !r.deployed),
      () => destroyRound(resources, failures),
      failures,
    );
    await emu.faults([]);

    const state = await emu.state();
    expect({ secrets: state.counts.secrets, registries: state.counts.registries, crons: state.counts.crons, agents: state.counts.agents }).toEqual({
      secrets: 0,
      registries: 0,
      crons: 0,
      agents: 0,
    });

    // The faults did bite: some steps failed and were re-run, and every failure was a clear error.
    const faulted = (await emu.requests()).filter((r: any) => r.fault);
    expect(faulted.length).toBeGreaterThan(100);
    expect(failures.length).toBeGreaterThan(0);
    expectClear(failures);
    const byPhase = Object.fromEntries(["create", "update", "destroy"].map((phase) => [phase, failures.filter((f) => f.phase === phase).length]));
    console.log(`soak: ${faulted.length} faulted requests; failed steps re-run ${JSON.stringify(byPhase)}; rounds ${JSON.stringify(rounds)}`);
  }, 120_000);
});

/** Exactly the declared objects, once each, with the ids in state and the declared values. */
async function expectServerHolds(resources: Resource[], repositoryIds: number[], orgId: number, stage: "created" | "updated") {
  const of = (kind: Kind) => resources.filter((r) => r.kind === kind);
  const sorted = (list: string[]) => [...list].sort();
  for (const repositoryId of repositoryIds) {
    const mine = (kind: Kind) => of(kind).filter((r) => r.create.repositoryId === repositoryId);
    const secrets = await api().list<any>(`/repos/${repositoryId}/secrets`);
    expect(sorted(secrets.map((s) => s.name))).toEqual(sorted(mine("RepositorySecret").map((r) => r.create.name)));
    const registries = await api().list<any>(`/repos/${repositoryId}/registries`);
    expect(sorted(registries.map((s) => s.address))).toEqual(sorted(mine("RepositoryRegistry").map((r) => r.create.address)));
    const crons = await api().list<any>(`/repos/${repositoryId}/cron`);
    expect(sorted(crons.map((s) => s.name))).toEqual(sorted(mine("RepositoryCron").map((r) => r.create.name)));
    for (const r of mine("RepositorySecret")) {
      const onServer = secrets.find((s) => s.name === r.create.name);
      expect(r.deployed!.outputs.secretId).toBe(onServer.id);
      expect(onServer.events).toEqual(stage === "created" ? ["push"] : ["push", "tag"]);
    }
    for (const r of mine("RepositoryRegistry")) {
      expect(registries.find((s) => s.address === r.create.address).username).toBe(stage === "created" ? "u" : "u2");
    }
    for (const r of mine("RepositoryCron")) {
      const onServer = crons.find((s) => s.name === r.create.name);
      expect(r.deployed!.outputs.cronId).toBe(onServer.id);
      expect(onServer.schedule).toBe(stage === "created" ? "@daily" : "@hourly");
    }
  }
  const orgSecrets = await api().list<any>(`/orgs/${orgId}/secrets`);
  expect(sorted(orgSecrets.map((s) => s.name))).toEqual(sorted(of("OrgSecret").map((r) => r.create.name)));
  const globalSecrets = await api().list<any>("/secrets");
  expect(sorted(globalSecrets.map((s) => s.name))).toEqual(sorted(of("GlobalSecret").map((r) => r.create.name)));
  // Agent names are not unique on the server: a retried create would show up as a second agent.
  const agents = await api().list<any>("/agents");
  expect(sorted(agents.map((a) => a.name))).toEqual(sorted(of("Agent").map((r) => r.create.name)));
  for (const r of of("Agent")) {
    const onServer = agents.find((a) => a.name === r.create.name);
    expect(r.deployed!.outputs.agentId).toBe(onServer.id);
    expect(onServer.no_schedule).toBe(stage === "updated");
  }
}

describe("a create whose answer is lost", () => {
  const scenarios = [
    {
      kind: "RepositorySecret",
      post: "/secrets$",
      args: (repositoryId: number) => ({ repositoryId, name: "lost", value: "v", events: ["push"] }),
      list: (id: number) => `/repos/${id}/secrets`,
    },
    {
      kind: "RepositoryRegistry",
      post: "/registries$",
      args: (repositoryId: number) => ({ repositoryId, address: "lost.example.test", username: "u", password: "p" }),
      list: (id: number) => `/repos/${id}/registries`,
    },
    {
      kind: "RepositoryCron",
      post: "/cron$",
      args: (repositoryId: number) => ({ repositoryId, name: "lost", schedule: "@daily" }),
      list: (id: number) => `/repos/${id}/cron`,
    },
    { kind: "Agent", post: "^/api/agents$", args: () => ({ name: "lost" }), list: () => "/agents" },
  ] as const;

  async function setUp(kind: Kind) {
    await emu.reset();
    const repositoryId = (await api().post<any>("/repos?forge_remote_id=101", undefined)).id as number;
    const r: Resource = { kind, name: `lost-${kind}`, create: {}, update: {}, describes: /./ };
    return { repositoryId, r };
  }

  it.each(scenarios)("$kind: the provider finds the object it created instead of failing or creating another", async ({ kind, post, args, list }) => {
    const { repositoryId, r } = await setUp(kind);
    r.create = args(repositoryId);
    await emu.faults([{ method: "POST", path: post, drop: "after", count: 1 }]);
    const created = await host.create(urn(r), await checked(r, r.create));
    const onServer = await api().list<any>(list(repositoryId));
    expect(onServer).toHaveLength(1);
    expect(Object.values(created.props)).toContain(onServer[0].id);
    expect((await emu.requests()).some((q: any) => q.fault === "drop-after")).toBe(true);
  });

  it("when looking it up fails too, says the server may have created it; the next run names the way out and creates no duplicate", async () => {
    const { repositoryId, r } = await setUp("RepositorySecret");
    r.create = { repositoryId, name: "lost", value: "v", events: ["push"] };
    // The POST's answer is lost, then every lookup for the next three timeouts fails as well.
    await emu.faults([
      { method: "POST", path: "/secrets$", drop: "after", count: 1 },
      { method: "GET", path: "/secrets/lost$", drop: "before", count: 1000 },
    ]);
    const first = await quick.create(urn(r), await checked(r, r.create)).then(() => undefined, messageOf);
    expect(first).toMatch(
      /^repository secret "lost" of repository \d+: the answer to the create was lost .* may have created it, or may still\. .*add `adopt: true`/,
    );
    await emu.faults([]);
    // Without adopt the next run is refused, naming the way out again...
    const second = await host.create(urn(r), await checked(r, r.create)).then(() => undefined, messageOf);
    expect(second).toMatch(/^repository secret "lost" of repository \d+: it already exists on the server.*adopt: true/);
    // ...with it, the object is taken over.
    const adopted = await host.create(urn(r), await checked(r, { ...r.create, adopt: true }));
    const onServer = await api().list<any>(`/repos/${repositoryId}/secrets`);
    expect(onServer).toHaveLength(1);
    expect(adopted.props.secretId).toBe(onServer[0].id);
  });

  it("an agent (names not unique on the server) whose create answer and lookup are lost: adopt as the message says, and there is still one agent", async () => {
    const { r } = await setUp("Agent");
    r.create = { name: "runner" };
    await emu.faults([
      { method: "GET", path: "^/api/agents$", latencyMs: 1, count: 1 }, // the look for a same-named agent before the POST passes
      { method: "POST", path: "^/api/agents$", drop: "after", count: 1 },
      { method: "GET", path: "^/api/agents$", status: 503, count: 1000 },
    ]);
    const first = await quick.create(urn(r), await checked(r, r.create)).then(() => undefined, messageOf);
    expect(first).toMatch(/^agent "runner": the answer to the create was lost .*add `adopt: true`/);
    await emu.faults([]);
    const adopted = await host.create(urn(r), await checked(r, { ...r.create, adopt: true }));
    const agents = await api().list<any>("/agents");
    expect(agents.map((a) => a.name)).toEqual(["runner"]);
    expect(adopted.props.agentId).toBe(agents[0].id);
  });

  it("a repository registry whose read-back fails after the create is kept as created, and the next run finishes it", async () => {
    const { repositoryId, r } = await setUp("RepositoryRegistry");
    r.create = { repositoryId, address: "ghcr.io", username: "u", password: "p" };
    await emu.faults([{ method: "GET", path: "/registries/ghcr\\.io$", status: 503, count: 2 }]);
    const error = await host.create(urn(r), await checked(r, r.create)).then(
      () => undefined,
      (e) => e,
    );
    expect(messageOf(error)).toMatch(/^registry "ghcr.io" of repository \d+: the server failed \(HTTP 503/);
    const partial = partialOf(error);
    expect(partial).toMatchObject({ id: `${repositoryId}/ghcr.io` });
    await emu.faults([]);
    const inputs = await checked(r, r.create);
    await host.update(urn(r), partial!.id, partial!.props, inputs);
    expect(await api().list<any>(`/repos/${repositoryId}/registries`)).toMatchObject([{ address: "ghcr.io", username: "u" }]);
  });
});
