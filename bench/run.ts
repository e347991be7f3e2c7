/**
 * `npm run bench`: requests per operation, throughput against a raw undici loop, `__provider`
 * and state sizes, host cold start and memory, and both faces under the real Pulumi CLI
 * (bench/faces.ts). Every number in bench/results/latest.json and BENCHMARKS.md comes from one
 * run of this script; nothing here is asserted in tests.
 *
 * BENCH_ONLY=faces runs only the faces (BENCH_FACES_N to shrink them) and prints them, leaving
 * latest.json and BENCHMARKS.md alone (raw data in bench/results/faces.tmp, not committed).
 * BENCH_ONLY=sets runs only the sets against single resources (bench/sets.ts; BENCH_SETS_N to shrink
 * them), stores them as `sets` in latest.json and rewrites BENCHMARKS.md from it.
 * BENCH_ONLY=markdown rewrites BENCHMARKS.md from latest.json (after editing its text),
 * measuring nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import type { EngineSteps } from "../test/support/engine";
import { programDir } from "../test/support/host";
import { FACES_N, facesMarkdown, measureFaces } from "./faces";
import { measureSets, SETS_N, setsMarkdown } from "./sets";
import { memoryOf, pool, providerTexts, root, round, startEmulatorProcess, startEngine, type Deployed, type EmulatorProcess, type Props } from "./driver";

const KINDS = [
  "Repository",
  "RepositorySecret",
  "RepositoryRegistry",
  "RepositoryCron",
  "Org",
  "OrgSecret",
  "OrgRegistry",
  "OrgAgent",
  "GlobalSecret",
  "GlobalRegistry",
  "Agent",
  "User",
  "Forge",
];
/** What `pulumi up` runs at once by default: --parallel defaults to 4 × the CPUs (8 on 2 cores). */
const CONCURRENCY = 4 * os.cpus().length;
/** Provider settings for the throughput run; empty means the defaults users get. BENCH_CONFIG='{"woodpecker:maxConcurrency":"16"}' to experiment. */
const EXTRA_CONFIG: Props = JSON.parse(process.env.BENCH_CONFIG ?? "{}");
const REPOS = 20;
const PER_REPO = { secrets: 20, registries: 15, crons: 15 }; // 50 per repository, 1,000 in all
/** A second throughput run with this much added to every API answer, as a server across a network has. */
const SERVER_LATENCY_MS = 20;

type Op = "create" | "read" | "update" | "delete" | "adopt";
const OPS: Op[] = ["create", "read", "update", "delete", "adopt"];

interface Scenario {
  kind: string;
  create: Props;
  update: Props;
  /** Makes an object by hand (outside Pulumi) for `adopt` to take over; `args` differ from it. */
  adopt?: { setup: (api: Api) => Promise<unknown>; args: Props };
  target: Partial<Record<Op, number>>;
  why: string;
}

/** Minimal authenticated JSON calls for setup (not measured). */
class Api {
  constructor(
    private readonly pool: Pool,
    private readonly token: string,
  ) {}
  async call(method: string, apiPath: string, body?: unknown): Promise<any> {
    const answer = await this.pool.request({
      path: `/api${apiPath}`,
      method: method as any,
      headers: { authorization: `Bearer ${this.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`${method} ${apiPath}: ${answer.statusCode} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

const ONLY = process.env.BENCH_ONLY;

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg()[0]!;
  if (ONLY === "markdown") {
    const results = JSON.parse(readFileSync(path.join(root, "bench/results/latest.json"), "utf8"));
    writeFileSync(path.join(root, "BENCHMARKS.md"), markdown(results));
    return;
  }
  const emu = await startEmulatorProcess();
  if (ONLY === "faces") {
    try {
      const faces = await measureFaces(emu, FACES_N);
      writeFileSync(path.join(root, "bench/results/faces.tmp"), `${JSON.stringify(faces, null, 2)}\n`);
      console.log(facesMarkdown(faces).join("\n"));
    } finally {
      emu.close();
    }
    return;
  }
  if (ONLY === "sets") {
    // Only the sets section: its figures replace `sets` in latest.json, and BENCHMARKS.md is rewritten from that.
    try {
      const file = path.join(root, "bench/results/latest.json");
      // ownRun: section 6 then says its figures come from another run than the rest (so did those recorded before sets had a date).
      const results = { ...JSON.parse(readFileSync(file, "utf8")), sets: { ...(await measureSets(emu, SETS_N)), ownRun: true } };
      writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(path.join(root, "BENCHMARKS.md"), markdown(results));
      console.log(setsMarkdown(results.sets).join("\n"));
    } finally {
      emu.close();
    }
    return;
  }
  if (ONLY) throw new Error(`BENCH_ONLY=${ONLY}: use faces, sets or markdown`);
  const providers = await providerTexts(KINDS);
  const http = new Pool(emu.url, { connections: CONCURRENCY, pipelining: 1 });
  const api = new Api(http, emu.adminToken);
  try {
    const coldStart = await measureColdStart(emu, providers);
    const counts = await measureRequestCounts(emu, api, providers);
    const throughput = await measureThroughput(emu, api, http, providers);
    const throughputWithLatency = await measureThroughput(emu, api, http, providers, SERVER_LATENCY_MS);
    const faces = await measureFaces(emu, FACES_N);
    const sets = await measureSets(emu, SETS_N);
    const sizes = {
      providerBytes: Object.fromEntries(KINDS.map((kind) => [kind, Buffer.byteLength(providers[kind]!)])),
      stateBytes: Object.fromEntries(Object.entries(counts.stateBytes)),
      target: 2048,
    };
    const results = {
      date: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        platform: `${os.platform()} ${os.release()}`,
        loadAverage: { before: round(loadBefore, 1), after: round(os.loadavg()[0]!, 1) },
      },
      requestCounts: counts.table,
      throughput,
      throughputWithLatency,
      sizes,
      coldStart,
      faces,
      sets,
      durationSeconds: round((Date.now() - started) / 1000, 1),
    };
    mkdirSync(path.join(root, "bench/results"), { recursive: true });
    writeFileSync(path.join(root, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(root, "BENCHMARKS.md"), markdown(results));
    console.log(markdown(results));
  } finally {
    await http.close();
    emu.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Requests per operation

async function measureRequestCounts(emu: EmulatorProcess, api: Api, providers: Record<string, string>) {
  await emu.control("POST", "reset");
  const engine = await startEngine(emu, providers);
  // Prerequisites, not measured: an active repository and its org.
  const repo = await api.call("POST", "/repos?forge_remote_id=101");
  const repositoryId = repo.id as number;
  const orgId = (await api.call("GET", "/orgs/lookup/acme")).id as number;

  const scenarios: Scenario[] = [
    {
      kind: "Repository",
      create: { fullName: "acme/web", visibility: "private" },
      update: { fullName: "acme/web", visibility: "public" },
      adopt: { setup: (a) => a.call("POST", "/repos?forge_remote_id=103"), args: { fullName: "acme/infra", visibility: "public", adopt: true } },
      target: { create: 3, read: 1, update: 1, delete: 1, adopt: 2 },
      why: "create: the forge repo list (1 page: GET /user/repos is not paginated) to find the forge id, the activation, and 1 settings update because activation takes no settings. adopt: the lookup by full name, plus 1 settings update when settings differ.",
    },
    {
      kind: "RepositorySecret",
      create: { repositoryId, name: "deploy", value: "v1", events: ["push"] },
      update: { repositoryId, name: "deploy", value: "v2", events: ["push", "tag"] },
      adopt: {
        setup: (a) => a.call("POST", `/repos/${repositoryId}/secrets`, { name: "taken", value: "x", events: ["push"] }),
        args: { repositoryId, name: "taken", value: "y", events: ["tag"], adopt: true },
      },
      target: { create: 1, read: 1, update: 1, delete: 1, adopt: 2 },
      why: "adopt: the lookup plus 1 update, always needed because the value is write-only and cannot be compared.",
    },
    {
      kind: "RepositoryRegistry",
      create: { repositoryId, address: "ghcr.io", username: "u1", password: "p1" },
      update: { repositoryId, address: "ghcr.io", username: "u2", password: "p2" },
      adopt: {
        setup: (a) => a.call("POST", `/repos/${repositoryId}/registries`, { address: "quay.io", username: "x", password: "x" }),
        args: { repositoryId, address: "quay.io", username: "y", password: "y", adopt: true },
      },
      target: { create: 2, read: 1, update: 2, delete: 1, adopt: 3 },
      why: "+1 on create, update and adopt: the server answers writes of repository registries with an echo of the request (id 0), not the stored registry, so the provider reads it back.",
    },
    {
      kind: "RepositoryCron",
      create: { repositoryId, name: "nightly", schedule: "0 3 * * *" },
      update: { repositoryId, name: "nightly", schedule: "0 4 * * *" },
      adopt: {
        setup: (a) => a.call("POST", `/repos/${repositoryId}/cron`, { name: "hourly", schedule: "@hourly" }),
        args: { repositoryId, name: "hourly", schedule: "@daily", adopt: true },
      },
      target: { create: 1, read: 1, update: 1, delete: 1, adopt: 2 },
      why: "adopt: the cron list (no lookup by name on the server; 1 page) plus 1 update when the cron differs.",
    },
    {
      kind: "OrgSecret",
      create: { orgId, name: "deploy", value: "v1", events: ["push"] },
      update: { orgId, name: "deploy", value: "v2", events: ["push", "tag"] },
      adopt: {
        setup: (a) => a.call("POST", `/orgs/${orgId}/secrets`, { name: "taken", value: "x", events: ["push"] }),
        args: { orgId, name: "taken", value: "y", events: ["tag"], adopt: true },
      },
      target: { create: 2, read: 1, update: 2, delete: 2, adopt: 2 },
      why: "+1 on create, update and delete: the org-existence check, because under a missing org id v3.17.0 creates, changes and deletes the global secret of that name (org-id-0 trap).",
    },
    {
      kind: "OrgRegistry",
      create: { orgId, address: "ghcr.io", username: "u1", password: "p1" },
      update: { orgId, address: "ghcr.io", username: "u2", password: "p2" },
      adopt: {
        setup: (a) => a.call("POST", `/orgs/${orgId}/registries`, { address: "quay.io", username: "x", password: "x" }),
        args: { orgId, address: "quay.io", username: "y", password: "y", adopt: true },
      },
      target: { create: 2, read: 1, update: 2, delete: 2, adopt: 2 },
      why: "+1 on create, update and delete: the org-existence check (org-id-0 trap: v3.17.0 writes the global registry of that address). adopt: lookup + update (the password is write-only).",
    },
    {
      kind: "OrgAgent",
      create: { orgId, name: "runner" },
      update: { orgId, name: "runner", noSchedule: true },
      adopt: { setup: (a) => a.call("POST", `/orgs/${orgId}/agents`, { name: "spare" }), args: { orgId, name: "spare", noSchedule: true, adopt: true } },
      target: { create: 2, read: 1, update: 2, delete: 2, adopt: 2 },
      why: "+1 on create, update and delete: the org-existence check (org-id-0 trap; v3.17.0 answers 404 to agent writes under a missing org, but a create there would make a global agent). read: the org's agent list (the server has no single-agent GET for org agents; 1 page).",
    },
    {
      kind: "GlobalSecret",
      create: { name: "deploy", value: "v1", events: ["push"] },
      update: { name: "deploy", value: "v2", events: ["push", "tag"] },
      adopt: {
        setup: (a) => a.call("POST", "/secrets", { name: "taken", value: "x", events: ["push"] }),
        args: { name: "taken", value: "y", events: ["tag"], adopt: true },
      },
      target: { create: 1, read: 1, update: 1, delete: 1, adopt: 2 },
      why: "adopt: lookup + update (the value is write-only).",
    },
    {
      kind: "GlobalRegistry",
      create: { address: "ghcr.io", username: "u1", password: "p1" },
      update: { address: "ghcr.io", username: "u2", password: "p2" },
      adopt: {
        setup: (a) => a.call("POST", "/registries", { address: "quay.io", username: "x", password: "x" }),
        args: { address: "quay.io", username: "y", password: "y", adopt: true },
      },
      target: { create: 1, read: 1, update: 1, delete: 1, adopt: 2 },
      why: "adopt: lookup + update (the password is write-only).",
    },
    {
      kind: "Agent",
      create: { name: "runner" },
      update: { name: "runner", noSchedule: true },
      adopt: { setup: (a) => a.call("POST", "/agents", { name: "spare" }), args: { name: "spare", noSchedule: true, adopt: true } },
      target: { create: 1, read: 1, update: 1, delete: 1, adopt: 2 },
      why: "adopt: the agent list (names are not unique, no lookup by name; 1 page) plus 1 update when the agent differs.",
    },
    {
      kind: "User",
      create: { login: "bob", email: "bob@example.test", deleteOnDestroy: true },
      update: { login: "bob", email: "robert@example.test", deleteOnDestroy: true },
      adopt: {
        setup: (a) => a.call("POST", "/users", { login: "carol", email: "c@example.test" }),
        args: { login: "carol", email: "carol@example.test", adopt: true },
      },
      target: { create: 1, read: 1, update: 2, delete: 1, adopt: 2 },
      why: "create is 1 request; 2 when admin is true, because the server ignores admin on create. update: +1 GET first, because the server finds the user to update by its forge remote id, which changes at the first login; a stale one could update another user. adopt: lookup + update when the user differs.",
    },
    {
      kind: "Forge",
      create: { type: "gitea", url: "https://git2.example.test", client: "c1", clientSecret: "s1" },
      update: { type: "gitea", url: "https://git2.example.test", client: "c2", clientSecret: "s1" },
      adopt: {
        setup: (a) => a.call("POST", "/forges", { type: "gitea", url: "https://git3.example.test", client: "x" }),
        args: { type: "gitea", url: "https://git3.example.test", client: "y", clientSecret: "s", adopt: true },
      },
      target: { create: 2, read: 1, update: 1, delete: 1, adopt: 2 },
      why: "+1 on create: the forge list, because the server would create a second forge with the same type and URL. adopt: the forge list (no lookup by URL; 1 page) plus 1 update (the client secret is write-only).",
    },
    // Last: deleting the org deletes its repositories too.
    {
      kind: "Org",
      create: { name: "acme", deleteOnDestroy: true },
      update: { name: "acme", deleteOnDestroy: false },
      target: { create: 1, read: 1, update: 0, delete: 2 },
      why: "The API cannot create orgs: create is a lookup by name. update: only engine-side settings can change (name replaces), so no request. delete (deleteOnDestroy): +1 GET confirming id and name first, because DELETE of a missing org id first deletes every secret with org_id 0 (org-id-0 trap). adopt: not applicable, create already takes the existing org.",
    },
  ];

  const measure = async <T>(work: () => Promise<T>): Promise<{ value: T; requests: string[] }> => {
    await emu.clearRequests();
    const value = await work();
    const log = await emu.requests();
    return { value, requests: log.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ""}`) };
  };

  const table: any[] = [];
  const stateBytes: Record<string, number> = {};
  for (const scenario of scenarios) {
    const row: any = { kind: scenario.kind, why: scenario.why, ops: {} };
    const created = await measure(() => engine.up(scenario.kind, "r", scenario.create));
    row.ops.create = created.requests;
    const deployed: Deployed = created.value;
    stateBytes[scenario.kind] = Buffer.byteLength(JSON.stringify(deployed.inputs)) + Buffer.byteLength(JSON.stringify(deployed.outputs));
    row.ops.read = (await measure(() => engine.refresh(deployed))).requests;
    const updated = await measure(() => engine.up(deployed.kind, deployed.name, scenario.update, deployed));
    row.ops.update = updated.requests;
    // Org: delete needs deleteOnDestroy in state, which the update above turned off; measure with the created state.
    const toDelete = scenario.kind === "Org" ? deployed : updated.value;
    row.ops.delete = (await measure(() => engine.destroy(toDelete))).requests;
    if (scenario.adopt) {
      await scenario.adopt.setup(api);
      const adopted = await measure(() => engine.up(scenario.kind, "adopted", scenario.adopt!.args));
      row.ops.adopt = adopted.requests;
      await engine.destroy({ ...adopted.value, outputs: { ...adopted.value.outputs, deleteOnDestroy: true, removeOnDestroy: true } });
    }
    row.target = scenario.target;
    row.actual = Object.fromEntries(OPS.filter((op) => row.ops[op]).map((op) => [op, row.ops[op].length]));
    row.met = OPS.every((op) => scenario.target[op] === undefined || row.actual[op] <= scenario.target[op]!);
    table.push(row);
  }
  await engine.close();
  return { table, stateBytes };
}

// ---------------------------------------------------------------------------------------------
// 2. Throughput at scale: provider through the real host vs a raw undici loop

interface Item {
  kind: "RepositorySecret" | "RepositoryRegistry" | "RepositoryCron";
  name: string;
  repositoryId: number;
  key: string; // secret name, registry address or cron name
  create: Props;
  update: Props;
}

function workload(repositoryIds: number[], prefix: string): Item[] {
  const items: Item[] = [];
  for (const repositoryId of repositoryIds) {
    for (let i = 0; i < PER_REPO.secrets; i++) {
      const name = `${prefix}_secret_${i}`;
      const args = { repositoryId, name, value: `value-${i}`, events: ["push"] };
      items.push({
        kind: "RepositorySecret",
        name: `${repositoryId}-${name}`,
        repositoryId,
        key: name,
        create: args,
        update: { ...args, events: ["push", "tag"] },
      });
    }
    for (let i = 0; i < PER_REPO.registries; i++) {
      const address = `${prefix}-registry${i}.example.test`;
      const args = { repositoryId, address, username: "bench", password: `pw-${i}` };
      items.push({
        kind: "RepositoryRegistry",
        name: `${repositoryId}-${address}`,
        repositoryId,
        key: address,
        create: args,
        update: { ...args, username: "bench2" },
      });
    }
    for (let i = 0; i < PER_REPO.crons; i++) {
      const name = `${prefix}_cron_${i}`;
      const args = { repositoryId, name, schedule: "@daily" };
      items.push({ kind: "RepositoryCron", name: `${repositoryId}-${name}`, repositoryId, key: name, create: args, update: { ...args, schedule: "@hourly" } });
    }
  }
  return items;
}

/** The same HTTP requests the provider sends for each step, straight through undici. */
class RawLoop {
  private readonly cronIds = new Map<string, number>();
  constructor(
    private readonly pool: Pool,
    private readonly token: string,
  ) {}

  private async send(method: string, apiPath: string, body?: unknown): Promise<any> {
    const answer = await this.pool.request({
      path: `/api${apiPath}`,
      method: method as any,
      headers: { authorization: `Bearer ${this.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`${method} ${apiPath}: ${answer.statusCode} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  private where(item: Item) {
    const e = encodeURIComponent(item.key);
    if (item.kind === "RepositorySecret") return { list: `/repos/${item.repositoryId}/secrets`, one: `/repos/${item.repositoryId}/secrets/${e}` };
    if (item.kind === "RepositoryRegistry") return { list: `/repos/${item.repositoryId}/registries`, one: `/repos/${item.repositoryId}/registries/${e}` };
    return { list: `/repos/${item.repositoryId}/cron`, one: `/repos/${item.repositoryId}/cron/${this.cronIds.get(item.name)}` };
  }

  async create(item: Item) {
    const { list } = this.where(item);
    const c = item.create;
    if (item.kind === "RepositorySecret") await this.send("POST", list, { name: c.name, value: c.value, events: c.events, images: [], note: "" });
    else if (item.kind === "RepositoryRegistry") {
      await this.send("POST", list, { address: c.address, username: c.username, password: c.password });
      await this.send("GET", this.where(item).one);
    } else {
      const cron = await this.send("POST", list, { name: c.name, schedule: c.schedule, branch: "", timezone: "UTC", variables: {}, enabled: true });
      this.cronIds.set(item.name, cron.id);
    }
  }
  async read(item: Item) {
    await this.send("GET", this.where(item).one);
  }
  async update(item: Item) {
    const { one } = this.where(item);
    if (item.kind === "RepositorySecret") await this.send("PATCH", one, { value: item.update.value, events: item.update.events });
    else if (item.kind === "RepositoryRegistry") {
      await this.send("PATCH", one, { username: item.update.username, password: item.update.password });
      await this.send("GET", one);
    } else await this.send("PATCH", one, { schedule: item.update.schedule });
  }
  async delete(item: Item) {
    await this.send("DELETE", this.where(item).one);
  }
}

/**
 * The provider's own code without the gRPC host: `handle()` of the compiled package called in
 * this process with the same steps and props as the host would pass. It separates what our code
 * costs from what the SDK's host and gRPC transport cost.
 */
class InProcess {
  private readonly provider = require(path.join(root, "dist/provider/index.js"));
  constructor(
    emu: EmulatorProcess,
    private readonly providers: Record<string, string>,
  ) {
    const config: Props = { "woodpecker:server": emu.url, "woodpecker:token": emu.adminToken, ...EXTRA_CONFIG };
    this.provider.handle("RepositorySecret", { config: { get: (key: string) => config[key] } });
  }
  async create(kind: string, name: string, args: Props): Promise<Deployed> {
    const news = { ...args, __provider: this.providers[kind] };
    const checked = await this.provider.handle(kind, "check", [{}, news]);
    if (checked.failures) throw new Error(JSON.stringify(checked.failures));
    const created = await this.provider.handle(kind, "create", [{ ...checked.inputs, __provider: news.__provider }]);
    return { kind, name, urn: name, id: created.id, inputs: checked.inputs, outputs: { ...created.outs, __provider: news.__provider }, step: "create" };
  }
  async refresh(d: Deployed): Promise<Deployed> {
    const read = await this.provider.handle(d.kind, "read", [d.id, d.outputs]);
    return { ...d, id: read.id, outputs: { ...read.props, __provider: d.outputs.__provider } };
  }
  async update(d: Deployed, args: Props): Promise<Deployed> {
    const news = { ...args, __provider: this.providers[d.kind] };
    const checked = await this.provider.handle(d.kind, "check", [d.inputs, news]);
    const inputs = { ...checked.inputs, __provider: news.__provider };
    const diff = await this.provider.handle(d.kind, "diff", [d.id, d.outputs, inputs]);
    if (!diff.changes) return { ...d, step: "same" };
    const updated = await this.provider.handle(d.kind, "update", [d.id, d.outputs, inputs]);
    return { ...d, inputs, outputs: { ...updated.outs, __provider: news.__provider }, step: "update" };
  }
  async destroy(d: Deployed): Promise<void> {
    await this.provider.handle(d.kind, "delete", [d.id, d.outputs]);
  }
}

/** The workload's updates change values in place; a replacement would measure something else. */
async function updateInPlace(engine: EngineSteps, deployed: Deployed, args: Props): Promise<Deployed> {
  const updated = await engine.up(deployed.kind, deployed.name, args, deployed);
  if (updated.step === "replace") throw new Error(`unexpected replacement of ${deployed.name}`);
  return updated;
}

async function measureThroughput(emu: EmulatorProcess, api: Api, http: Pool, providers: Record<string, string>, latencyMs = 0) {
  await emu.control("POST", "reset");
  const names = Array.from({ length: REPOS }, (_, i) => `r${String(i + 1).padStart(2, "0")}`);
  const seeded = await emu.control("POST", "seed", {
    forgeOrgs: [{ name: "bench", members: ["admin"], admins: ["admin"] }],
    forgeRepos: names.map((name) => ({ owner: "bench", name, admins: ["admin"] })),
  });
  const repositoryIds: number[] = [];
  for (const repo of seeded.forgeRepos) repositoryIds.push((await api.call("POST", `/repos?forge_remote_id=${repo.remoteId}`)).id);

  if (latencyMs) await emu.control("POST", "faults", { rules: [{ path: "^/api/", latencyMs }] });
  const engine = await startEngine(emu, providers, EXTRA_CONFIG);
  const inProcess = new InProcess(emu, providers);
  const loop = new RawLoop(http, emu.adminToken);
  const phases = ["create", "refresh", "update", "destroy"] as const;
  type Phase = (typeof phases)[number];
  type Variant = "host" | "inProcess" | "raw";
  // Each variant works on its own objects (name prefix), and the three take turns phase by phase,
  // so that they run under the same machine load.
  const items: Record<Variant, Item[]> = { host: workload(repositoryIds, "h"), inProcess: workload(repositoryIds, "p"), raw: workload(repositoryIds, "r") };
  const steps: Record<Variant, Record<Phase, (state: any[]) => Promise<any[]>>> = {
    host: {
      create: () => pool(items.host, CONCURRENCY, (item) => engine.up(item.kind, item.name, item.create)),
      refresh: (ds) => pool(ds, CONCURRENCY, async (d) => (await engine.refresh(d)) ?? Promise.reject(new Error(`refresh lost ${d.name}`))),
      update: (ds) => pool(ds, CONCURRENCY, (d, i) => updateInPlace(engine, d, items.host[i]!.update)),
      destroy: (ds) => pool(ds, CONCURRENCY, (d) => engine.destroy(d)),
    },
    inProcess: {
      create: () => pool(items.inProcess, CONCURRENCY, (item) => inProcess.create(item.kind, item.name, item.create)),
      refresh: (ds) => pool(ds, CONCURRENCY, (d) => inProcess.refresh(d)),
      update: (ds) => pool(ds, CONCURRENCY, (d, i) => inProcess.update(d, items.inProcess[i]!.update)),
      destroy: (ds) => pool(ds, CONCURRENCY, (d) => inProcess.destroy(d)),
    },
    raw: {
      create: () => pool(items.raw, CONCURRENCY, (item) => loop.create(item).then(() => item)),
      refresh: () => pool(items.raw, CONCURRENCY, (item) => loop.read(item).then(() => item)),
      update: () => pool(items.raw, CONCURRENCY, (item) => loop.update(item).then(() => item)),
      destroy: () => pool(items.raw, CONCURRENCY, (item) => loop.delete(item).then(() => item)),
    },
  };
  const results = {} as Record<Variant, Record<Phase, { seconds: number; requests: number }>>;
  const state = {} as Record<Variant, any[]>;
  let memoryAtScale = memoryOf(engine.host.pid);
  for (const phase of phases) {
    for (const variant of ["host", "inProcess", "raw"] as Variant[]) {
      await emu.clearRequests();
      const t0 = performance.now();
      state[variant] = await steps[variant][phase](state[variant] ?? []);
      const seconds = (performance.now() - t0) / 1000;
      const log = await emu.requests();
      const failed = log.filter((r) => r.status >= 300).length;
      if (failed) throw new Error(`${failed} requests failed during ${variant} ${phase}`);
      (results[variant] ??= {} as any)[phase] = { seconds, requests: log.length };
    }
    if (phase === "update") memoryAtScale = memoryOf(engine.host.pid);
  }
  const hostMemory = { ...memoryOf(engine.host.pid), rssAfterCreateRefreshUpdateMiB: memoryAtScale.rssMiB };
  await engine.close();
  if (latencyMs) await emu.control("DELETE", "faults");

  const counts = (await emu.control("GET", "state")).counts;
  const leftovers = counts.secrets + counts.registries + counts.crons;
  if (leftovers) throw new Error(`${leftovers} objects left behind after the throughput run`);

  const n = items.raw.length;
  const byPhase = Object.fromEntries(
    phases.map((phase) => {
      const ops = (v: Variant) => n / results[v][phase].seconds;
      return [
        phase,
        {
          providerOpsPerSecond: round(ops("host"), 1),
          rawOpsPerSecond: round(ops("raw"), 1),
          ratio: round(ops("host") / ops("raw"), 2),
          inProcessOpsPerSecond: round(ops("inProcess"), 1),
          inProcessRatio: round(ops("inProcess") / ops("raw"), 2),
          seconds: {
            host: round(results.host[phase].seconds, 2),
            inProcess: round(results.inProcess[phase].seconds, 2),
            raw: round(results.raw[phase].seconds, 2),
          },
          requests: { host: results.host[phase].requests, inProcess: results.inProcess[phase].requests, raw: results.raw[phase].requests },
        },
      ];
    }),
  );
  return {
    resources: n,
    repositories: REPOS,
    concurrency: CONCURRENCY,
    latencyMs,
    target: 0.8,
    phases: byPhase,
    hostMemory,
    rpcFloor: latencyMs ? undefined : await rpcFloor(emu, providers, n),
  };
}

/** The transport alone: the same number of Check calls (no HTTP) through a host, 16 at a time. */
async function rpcFloor(emu: EmulatorProcess, providers: Record<string, string>, n: number) {
  const engine = await startEngine(emu, providers);
  await engine.checkResult("RepositorySecret", "warm", { repositoryId: 1, name: "n", value: "v", events: ["push"] });
  const t0 = performance.now();
  await pool(Array.from({ length: n }), CONCURRENCY, () =>
    engine.checkResult("RepositorySecret", "floor", { repositoryId: 1, name: "n", value: "v", events: ["push"] }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await engine.close();
  return { checkCallsPerSecond: round(n / seconds, 1) };
}

// ---------------------------------------------------------------------------------------------
// 4. Host cold start

async function measureColdStart(emu: EmulatorProcess, providers: Record<string, string>) {
  await emu.control("POST", "reset");
  const runs: { toCheck: number; toCreate: number; toPort: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const cwd = programDir();
    const t0 = performance.now();
    const engine = await startEngine(emu, providers, {}, cwd);
    const toPort = performance.now() - t0;
    const args = { name: `cold_${i}`, value: "v", events: ["push"] };
    const inputs = await engine.check("GlobalSecret", "cold", args);
    const toCheck = performance.now() - t0;
    const created = await engine.host.create(engine.urn("GlobalSecret", "cold"), inputs);
    const toCreate = performance.now() - t0;
    await engine.host.delete(engine.urn("GlobalSecret", "cold"), created.id, created.props);
    await engine.close();
    runs.push({ toPort: round(toPort / 1000, 3), toCheck: round(toCheck / 1000, 3), toCreate: round(toCreate / 1000, 3) });
  }
  const median = (key: keyof (typeof runs)[number]) => [...runs.map((r) => r[key])].sort((a, b) => a - b)[1]!;
  return { runs, medianSeconds: { toPort: median("toPort"), toCheck: median("toCheck"), toCreate: median("toCreate") }, targetSeconds: 0.7 };
}

// ---------------------------------------------------------------------------------------------

function markdown(r: any): string {
  const lines: string[] = [];
  const yes = (ok: boolean) => (ok ? "met" : "**missed**");
  lines.push("# Benchmarks", "");
  lines.push(
    `Generated by \`npm run bench\` (bench/run.ts) on ${r.date}: Node ${r.machine.node}, ${r.machine.cpus} CPU(s) (${r.machine.cpu}), ${r.machine.platform}${r.machine.loadAverage ? `; 1-minute load average ${r.machine.loadAverage.before} at the start and ${r.machine.loadAverage.after} at the end (the cores are shared with other work, which slows every section alike)` : ""}. Every number below comes from that one run${r.sets && (r.sets.ownRun || !r.sets.date) ? ` except section 6's, which come from their own run (\`BENCH_ONLY=sets\`${r.sets.date ? ` on ${r.sets.date}` : ""}, its load average given there)` : ""}; raw data in [bench/results/latest.json](bench/results/latest.json). The emulator runs in its own process. Sections 1 to 4: the provider runs in the SDK's real dynamic-provider host, driven over gRPC as the engine drives it. Sections 5 and 6: the plugin (and in section 5 the dynamic provider) run by the real Pulumi CLI. Targets are reported here, never asserted in tests.`,
    "",
  );

  lines.push("## 1. Requests per operation", "");
  lines.push(
    "Counted in the emulator's request log, one resource at a time, through the real host (check and diff make no requests). Each cell is actual / target.",
    "",
  );
  lines.push("| kind | create | read | update | delete | adopt | met | why any request beyond one |", "| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const row of r.requestCounts) {
    const cell = (op: Op) => (row.actual[op] === undefined && row.target[op] === undefined ? "n/a" : `${row.actual[op] ?? 0} / ${row.target[op] ?? "–"}`);
    lines.push(`| ${row.kind} | ${OPS.map(cell).join(" | ")} | ${yes(row.met)} | ${row.why} |`);
  }
  lines.push("", "The exact requests of each operation are listed in latest.json (`requestCounts[].ops`).", "");

  const t = r.throughput;
  lines.push("## 2. Throughput at scale", "");
  lines.push(
    `${t.resources} resources (${PER_REPO.secrets} secrets, ${PER_REPO.registries} registries and ${PER_REPO.crons} crons in each of ${t.repositories} repositories), ${t.concurrency} operations in flight, default provider settings. **Provider**: the engine's steps through the SDK's real host over gRPC (create = Check + Create; refresh = Read; update = Check + Diff + Update; destroy = Delete). **In-process**: the same steps calling the compiled provider's \`handle()\` directly, without host and gRPC. **Raw**: the same HTTP requests (request counts per phase are equal, shown last) from a plain undici loop with ${t.concurrency} connections. The three run on separate objects of the same emulator, taking turns phase by phase so that they share the machine's load. Target: provider ≥ ${t.target}× raw.`,
    "",
  );
  lines.push(
    "| phase | provider ops/s | in-process ops/s | raw ops/s | provider / raw | in-process / raw | target | requests (provider / in-process / raw) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const [phase, p] of Object.entries<any>(t.phases)) {
    lines.push(
      `| ${phase} | ${p.providerOpsPerSecond} | ${p.inProcessOpsPerSecond} | ${p.rawOpsPerSecond} | ${p.ratio} | ${p.inProcessRatio} | ≥ ${t.target} (${yes(p.ratio >= t.target)}) | ${p.requests.host} / ${p.requests.inProcess} / ${p.requests.raw} |`,
    );
  }
  lines.push(
    "",
    `Transport floor: ${t.resources} Check calls alone (no HTTP at all) through a host at the same concurrency run at ${t.rpcFloor.checkCallsPerSecond} calls/s.`,
    "",
  );
  const l = r.throughputWithLatency;
  lines.push(`### The same with ${l.latencyMs} ms server latency`, "");
  lines.push(
    `The emulator adds ${l.latencyMs} ms to every API answer, as a server across a network does; everything else as above. With the server's latency dominating, the host's per-call cost matters less.`,
    "",
  );
  lines.push(
    "| phase | provider ops/s | in-process ops/s | raw ops/s | provider / raw | in-process / raw | target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const [phase, p] of Object.entries<any>(l.phases)) {
    lines.push(
      `| ${phase} | ${p.providerOpsPerSecond} | ${p.inProcessOpsPerSecond} | ${p.rawOpsPerSecond} | ${p.ratio} | ${p.inProcessRatio} | ≥ ${l.target} (${yes(p.ratio >= l.target)}) |`,
    );
  }
  lines.push("");

  lines.push("## 3. Sizes", "");
  lines.push(
    "`__provider` is the serialized provider text stored with every resource (twice: inputs and outputs). State bytes: JSON of the checked inputs plus the outputs the host returned, as the engine stores them, for the resource created in section 1.",
    "",
  );
  lines.push("| kind | `__provider` bytes | target | state bytes per resource |", "| --- | --- | --- | --- |");
  for (const kind of KINDS) {
    lines.push(
      `| ${kind} | ${r.sizes.providerBytes[kind]} | ≤ ${r.sizes.target} (${yes(r.sizes.providerBytes[kind] <= r.sizes.target)}) | ${r.sizes.stateBytes[kind]} |`,
    );
  }
  lines.push("");

  const c = r.coldStart;
  lines.push("## 4. Host cold start and memory", "");
  lines.push(
    `Median of ${c.runs.length} fresh host processes, timed from spawn. Port: the host printed its port; Check: first Check answered (provider package loaded); Create: first Create answered (one HTTP request to the emulator).`,
    "",
  );
  lines.push("| measure | seconds | target |", "| --- | --- | --- |");
  lines.push(`| spawn → port | ${c.medianSeconds.toPort} | |`);
  lines.push(`| spawn → first Check | ${c.medianSeconds.toCheck} | ≤ ${c.targetSeconds} (${yes(c.medianSeconds.toCheck <= c.targetSeconds)}) |`);
  lines.push(`| spawn → first Create | ${c.medianSeconds.toCreate} | ≤ ${c.targetSeconds} (${yes(c.medianSeconds.toCreate <= c.targetSeconds)}) |`);
  lines.push(
    "",
    `Host process peak RSS (VmHWM) over the ${t.resources}-resource run: ${t.hostMemory.peakRssMiB} MiB (RSS after create, refresh and update: ${t.hostMemory.rssAfterCreateRefreshUpdateMiB} MiB).`,
    "",
  );
  lines.push(...facesMarkdown(r.faces));
  if (r.sets) lines.push(...setsMarkdown(r.sets));
  lines.push("## Why targets are missed, and what was fixed", "");
  const callsPerOp: Record<string, number> = { create: 2, refresh: 1, update: 3, destroy: 1 };
  const floorRatios = Object.entries<any>(t.phases)
    .map(([phase, p]) => `${phase} ${round(t.rpcFloor.checkCallsPerSecond / callsPerOp[phase]! / p.rawOpsPerSecond, 2)}`)
    .join(", ");
  lines.push(
    `**Throughput (provider / raw).** The host's transport alone is below the target: ${t.resources} Check calls that make no HTTP request at all run at ${t.rpcFloor.checkCallsPerSecond}/s. Each engine step needs 1 to 3 such calls (create = Check + Create, update = Check + Diff + Update), so calls alone, with no provider work and no HTTP, would allow at most ${floorRatios} of the raw loop's ops/s. So no provider code can reach 0.8× raw through the SDK's dynamic-provider host here: every call crosses two extra processes (engine stand-in → host → emulator) with a protobuf Struct conversion of about 4 KB of state each way, on ${r.machine.cpus} cores shared with the emulator. CPU profiles of the host during the run show it about half idle, its busy time in grpc-js, protobuf and socket writes, not in provider code; this harness's grpc-js client stands in for the engine (which is Go) and costs about as much again. The in-process column is the share that is ours: the same steps without the host reach ${Object.entries<any>(
      t.phases,
    )
      .map(([phase, p]) => `${phase} ${p.inProcessRatio}`)
      .join(
        ", ",
      )} of raw with the default \`woodpecker:maxConcurrency\` of 8 connections, as many as the operations in flight (the engine's default --parallel, 4 × CPUs); the rest is zod checks, the retry wrapper and the client's CPU competing with the emulator for the cores. No needless request, missing keep-alive or serial loop was found on this path: request counts per phase equal the raw loop's, connections are pooled and kept alive (undici Agent), and work is spread across up to maxConcurrency connections.`,
    "",
    `**With server latency.** At ${r.throughputWithLatency.latencyMs} ms per answer, as across a network, the provider's own work disappears in the wait: in-process it runs at ${Object.entries<any>(
      r.throughputWithLatency.phases,
    )
      .map(([phase, p]) => `${phase} ${p.inProcessRatio}`)
      .join(", ")} of raw, and through the host at ${Object.entries<any>(r.throughputWithLatency.phases)
      .map(([phase, p]) => `${phase} ${p.ratio}`)
      .join(
        ", ",
      )}; what remains is the host calls each step makes one after another (create and update need two and three), which a raw HTTP loop does not have.`,
    "",
    "**Cold start.** Most of it is the SDK's own host start (spawn → port: loading @pulumi/pulumi's runtime, grpc-js and protobuf), before any provider code runs. The provider's share is the rest (port → first Check, and → first Create). It was about 0.3 s before this benchmark: provider/client/client.ts loaded undici's index, which also loads fetch, WebSocket, caches and mocks. The client now loads undici on the first request and only the Agent, RetryAgent and request API (≈50 ms instead of ≈200 ms), so Check (preview) loads no HTTP code at all. The provider package now loads in about 70 ms, 50 of them zod. On this shared 2-core machine the whole measure moved between 0.52 s and 0.83 s to the first Check across runs of the same code, with the host's own start (spawn → port) moving with it; whether the 0.7 s target is met in a given run depends on that load.",
    "",
    "**Request counts.** The first run measured 3 requests for adopting a Repository by full name: the engine resolved the forge id from the forge's repository list (a step only activation needs) before looking the repository up. Adopt now looks up with the declared inputs first when they suffice, so it is the lookup plus the settings update.",
    "",
    "Provider fixes found by the fault soak (test/soak/faults.test.ts) are listed in its commit; they do not change these numbers.",
    "",
  );
  lines.push(`Whole run: ${r.durationSeconds} s.`, "");
  return `${lines.join("\n")}\n`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
