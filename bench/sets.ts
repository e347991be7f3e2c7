/**
 * Sets against single resources under the real Pulumi CLI, plugin face: N secrets (BENCH_SETS_N,
 * default 500) in 10 repositories, declared as 10 RepositorySecretSets or as N RepositorySecrets.
 * Each beside its no-I/O floor (the plugin with bench/floor/memory-client.js, as in bench/faces.ts)
 * and beside a raw HTTP loop doing the same creates, lists and deletes with the client's default
 * concurrency. Phases: `up`, a no-change `up`, `refresh`, `destroy`; state bytes per secret.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { findOrBuildPulumi, pulumiWorkspace, summary, type PulumiWorkspace } from "../scripts/e2e/pulumi-cli";
import { pool, root, round, type EmulatorProcess } from "./driver";

export const SETS_N = Number(process.env.BENCH_SETS_N ?? 500);
const REPOSITORIES = 10;
/** The client's default maxConcurrency: what the raw loop runs in parallel. */
const RAW_CONCURRENCY = 8;
export const SETS_VARIANTS = ["sets", "singles", "setsFloor", "singlesFloor"] as const;
type Variant = (typeof SETS_VARIANTS)[number];
export const SETS_PHASES = ["up", "noChangeUp", "refresh", "destroy"] as const;
type Phase = (typeof SETS_PHASES)[number];
export const SETS_TARGETS = { createAndDestroy: 0.15, noChangeUp: 0.5, createWithinFloorPlusRaw: 2 };

const ARGS: Record<Phase, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  noChangeUp: ["up", "--yes", "--skip-preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};
const EXPECT: Record<Phase, (resources: number) => Record<string, number>> = {
  up: (r) => ({ create: r + 1 }),
  noChangeUp: (r) => ({ same: r + 1 }),
  refresh: (r) => ({ same: r + 1 }),
  destroy: (r) => ({ delete: r + 1 }),
};

/** Plain JS, as in bench/faces.ts. The same secrets either way: `bench_secret_<i>` in repository i mod 10. */
const program = (sets: boolean) => `const pulumi = require("@pulumi/pulumi");
const woodpecker = require("pulumi-woodpecker/plugin");
const config = new pulumi.Config("bench");
const repositories = JSON.parse(config.require("repositories"));
const count = config.requireNumber("count");
${
  sets
    ? `repositories.forEach((repositoryId, r) => {
  const secrets = {};
  for (let i = r; i < count; i += repositories.length) secrets[\`bench_secret_\${i}\`] = { value: \`value-\${i}\`, events: ["push"] };
  new woodpecker.RepositorySecretSet(\`secrets-\${r}\`, { repositoryId, secrets });
});`
    : `for (let i = 0; i < count; i++) {
  new woodpecker.RepositorySecret(\`secret-\${i}\`, { repositoryId: repositories[i % repositories.length], name: \`bench_secret_\${i}\`, value: \`value-\${i}\`, events: ["push"] });
}`
}
`;

const MEMORY_CLIENT = path.join(root, "bench/floor/memory-client.js");
const CALL_TRACE = path.join(root, "bench/floor/call-trace.js");
const UNREACHABLE = "http://127.0.0.1:9";

export async function measureSets(emu: EmulatorProcess, n = SETS_N) {
  const binDir = await findOrBuildPulumi();
  const ws = pulumiWorkspace(binDir, "bench-sets");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-sets-"));
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg()[0]!;
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]!), 5000).unref();
  try {
    await emu.control("POST", "reset");
    const api = (method: string, apiPath: string, body?: unknown) =>
      fetch(`${emu.url}/api${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${emu.adminToken}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then(async (answer) => {
        const text = await answer.text();
        if (answer.status >= 300) throw new Error(`${method} ${apiPath}: ${answer.status} ${text}`);
        return text ? JSON.parse(text) : undefined;
      });
    const names = Array.from({ length: 3 * REPOSITORIES }, (_, i) => `sets-${i}`);
    const seeded = await emu.control<{ forgeRepos: { remoteId: string }[] }>("POST", "seed", {
      forgeOrgs: [{ name: "bench", members: ["admin"], admins: ["admin"] }],
      forgeRepos: names.map((name) => ({ owner: "bench", name, admins: ["admin"] })),
    });
    const ids: number[] = [];
    for (const repo of seeded.forgeRepos) ids.push((await api("POST", `/repos?forge_remote_id=${repo.remoteId}`)).id);
    const repositories: Record<Variant | "raw", number[]> = {
      sets: ids.slice(0, 10),
      singles: ids.slice(10, 20),
      raw: ids.slice(20, 30),
      setsFloor: Array.from({ length: REPOSITORIES }, (_, i) => i + 1),
      singlesFloor: Array.from({ length: REPOSITORIES }, (_, i) => i + 1),
    };
    const folders = {} as Record<Variant, string>;
    for (const variant of SETS_VARIANTS) {
      folders[variant] = prepare(tmp, variant);
      if (variant === "sets") await ws.run(["login", `file://${ws.backendDir}`], folders[variant]);
      await ws.run(["stack", "init", "bench", "--non-interactive"], folders[variant]);
      await ws.run(
        [
          "config",
          "set-all",
          "--stack",
          "bench",
          "--plaintext",
          `woodpecker:server=${variant.endsWith("Floor") ? UNREACHABLE : emu.url}`,
          "--secret",
          `woodpecker:token=${emu.adminToken}`,
          "--plaintext",
          `bench:repositories=${JSON.stringify(repositories[variant])}`,
          "--plaintext",
          `bench:count=${n}`,
        ],
        folders[variant],
      );
    }
    const raw = rawLoop(api, repositories.raw, n);

    const seconds = {} as Record<Phase, Record<Variant | "raw", number>>;
    const timelines = {} as Record<Phase, Record<Variant, Timeline>>;
    const requests = {} as Record<Phase, Record<"sets" | "singles" | "raw", number>>;
    const state = {} as Record<"sets" | "singles", { resourceBytesPerSecret: number; checkpointBytesPerSecret: number; checkpointBytes: number }>;
    for (const phase of SETS_PHASES) {
      seconds[phase] = {} as Record<Variant | "raw", number>;
      timelines[phase] = {} as Record<Variant, Timeline>;
      requests[phase] = { sets: 0, singles: 0, raw: 0 };
      for (const variant of [...SETS_VARIANTS, "raw"] as const) {
        await emu.control("DELETE", "requests");
        if (variant !== "raw") rmSync(traceFile(folders[variant]), { force: true });
        const began = Date.now();
        const t0 = performance.now();
        if (variant === "raw") await raw[phase]();
        else await cli(ws, folders[variant], phase, variant.startsWith("sets") ? REPOSITORIES : n);
        seconds[phase][variant] = round((performance.now() - t0) / 1000, 2);
        if (variant !== "raw") timelines[phase][variant] = timeline(folders[variant], began, Date.now());
        const log = await emu.control<{ status: number; method: string; path: string }[]>("GET", "requests");
        const failed = log.filter((r) => r.status >= 300);
        if (failed.length)
          throw new Error(`${variant} ${phase}: ${failed.length} requests failed, e.g. ${failed[0]!.method} ${failed[0]!.path} ${failed[0]!.status}`);
        if (variant.endsWith("Floor")) {
          if (log.length) throw new Error(`${variant} ${phase}: the floor reached the emulator`);
        } else requests[phase][variant as "sets" | "singles" | "raw"] = log.length;
        console.error(`sets: ${phase} ${variant} ${seconds[phase][variant]} s`);
        if (phase === "up" && (variant === "sets" || variant === "singles")) state[variant] = await stateSize(ws, folders[variant], variant, n);
      }
    }
    clearInterval(sampler);
    const ratios = Object.fromEntries(
      SETS_PHASES.map((phase) => [
        phase,
        {
          setsToSingles: round(seconds[phase].sets / seconds[phase].singles, 3),
          setsFloorToSinglesFloor: round(seconds[phase].setsFloor / seconds[phase].singlesFloor, 3),
        },
      ]),
    ) as Record<Phase, { setsToSingles: number; setsFloorToSinglesFloor: number }>;
    return {
      date: startedAt,
      secrets: n,
      repositories: REPOSITORIES,
      cli: path.basename(path.dirname(binDir)),
      order: [...SETS_VARIANTS, "raw"],
      seconds,
      requests,
      ratios,
      createBudgetSeconds: round(seconds.up.setsFloor + SETS_TARGETS.createWithinFloorPlusRaw * seconds.up.raw, 2),
      state,
      timelines,
      targets: SETS_TARGETS,
      loadAverage: {
        before: round(loadBefore, 1),
        after: round(os.loadavg()[0]!, 1),
        mean: round(loads.reduce((sum, load) => sum + load, 0) / Math.max(loads.length, 1), 1),
        max: round(Math.max(loadBefore, ...loads), 1),
      },
    };
  } finally {
    clearInterval(sampler);
    rmSync(tmp, { recursive: true, force: true });
    rmSync(path.dirname(ws.backendDir), { recursive: true, force: true });
  }
}

export type SetsResult = Awaited<ReturnType<typeof measureSets>>;

/** The same HTTP work without Pulumi: creates, one list per repository for a no-change look and a refresh, deletes. */
function rawLoop(
  api: (method: string, apiPath: string, body?: unknown) => Promise<any>,
  repositories: number[],
  n: number,
): Record<Phase, () => Promise<unknown>> {
  const items = Array.from({ length: n }, (_, i) => ({ repositoryId: repositories[i % repositories.length]!, name: `bench_secret_${i}`, value: `value-${i}` }));
  const lists = () => pool(repositories, RAW_CONCURRENCY, (id) => api("GET", `/repos/${id}/secrets?page=1&perPage=50`));
  return {
    up: () => pool(items, RAW_CONCURRENCY, (s) => api("POST", `/repos/${s.repositoryId}/secrets`, { name: s.name, value: s.value, events: ["push"] })),
    noChangeUp: lists,
    refresh: lists,
    destroy: () => pool(items, RAW_CONCURRENCY, (s) => api("DELETE", `/repos/${s.repositoryId}/secrets/${s.name}`)),
  };
}

function prepare(tmp: string, variant: Variant): string {
  const dir = path.join(tmp, variant);
  const modules = path.join(dir, "node_modules");
  mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
  symlinkSync(path.join(root, "node_modules/@pulumi/pulumi"), path.join(modules, "@pulumi/pulumi"), "dir");
  symlinkSync(root, path.join(modules, "pulumi-woodpecker"), "dir");
  // bin/pulumi-resource-woodpecker with the call trace, and for a floor the in-memory store, in front.
  mkdirSync(path.join(dir, "plugin-bin"));
  const script = path.join(dir, "plugin-bin", "pulumi-resource-woodpecker");
  const floor = variant.endsWith("Floor") ? `require(${JSON.stringify(MEMORY_CLIENT)}).install(${JSON.stringify(path.join(dir, "floor-store.jsonl"))});\n` : "";
  writeFileSync(
    script,
    `#!/usr/bin/env node\nrequire(${JSON.stringify(CALL_TRACE)}).install(${JSON.stringify(traceFile(dir))});\n${floor}require(${JSON.stringify(path.join(root, "dist/provider/plugin/main.js"))});\n`,
  );
  chmodSync(script, 0o755);
  const pluginPath = "./plugin-bin";
  const project = `bench-sets-${variant.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${project}\nruntime: nodejs\nplugins:\n  providers:\n    - name: woodpecker\n      path: ${pluginPath}\n`,
  );
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: project, private: true, main: "index.js" }));
  writeFileSync(path.join(dir, "index.js"), program(variant.startsWith("sets")));
  return dir;
}

const traceFile = (dir: string) => path.join(dir, "calls.jsonl");

/** One command as its plugin saw it, in seconds from the command's start (bench/floor/call-trace.js). */
export interface Timeline {
  total: number;
  /** Until the (first) plugin process started: the CLI, the engine, and for `up` the program's language host. */
  untilPluginStarted: number;
  /** From its process start to its port line: Node and the plugin's imports. */
  pluginStartUp: number;
  /** Until the first resource call (Check, Read or Delete; not the configuration calls). */
  untilFirstResourceCall: number;
  /** Wall time with at least one call of the plugin's in flight, from the first resource call on. */
  callsInFlight: number;
  /** From the first resource call to the last answer, with no call in flight: the engine and the program between calls. */
  betweenCalls: number;
  /** After the last answer: the engine's last checkpoint write, plugin shutdown, the CLI's summary. */
  afterLastCall: number;
  processes: number;
  calls: Record<string, { count: number; seconds: number }>;
}

const CONFIGURATION_CALLS = new Set([
  "getPluginInfo",
  "getSchema",
  "checkConfig",
  "diffConfig",
  "configure",
  "attach",
  "handshake",
  "getMapping",
  "getMappings",
]);

function timeline(dir: string, began: number, ended: number): Timeline {
  const records = readFileSync(traceFile(dir), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { started?: number; listening?: number; method?: string; start: number; end: number });
  const first = (key: "started" | "listening") => Math.min(...records.flatMap((r) => (r[key] === undefined ? [] : [r[key]!])));
  const calls = records.filter((r) => r.method).sort((a, b) => a.start - b.start);
  const work = calls.filter((c) => !CONFIGURATION_CALLS.has(c.method!));
  const s = (ms: number) => round(ms / 1000, 2);
  let inFlight = 0;
  let reached = -Infinity;
  for (const call of work) {
    inFlight += Math.max(0, call.end - Math.max(call.start, reached));
    reached = Math.max(reached, call.end);
  }
  const firstWork = work[0]?.start ?? ended;
  const lastAnswer = calls.length ? Math.max(...calls.map((c) => c.end)) : ended;
  const byMethod: Timeline["calls"] = {};
  for (const call of calls) {
    const entry = (byMethod[call.method!] ??= { count: 0, seconds: 0 });
    entry.count++;
    entry.seconds += (call.end - call.start) / 1000;
  }
  for (const entry of Object.values(byMethod)) entry.seconds = round(entry.seconds, 2);
  return {
    total: s(ended - began),
    untilPluginStarted: s(first("started") - began),
    pluginStartUp: s(first("listening") - first("started")),
    untilFirstResourceCall: s(firstWork - began),
    callsInFlight: s(inFlight),
    betweenCalls: s(Math.max(0, lastAnswer - firstWork - inFlight)),
    afterLastCall: s(ended - lastAnswer),
    processes: records.filter((r) => r.started !== undefined).length,
    calls: byMethod,
  };
}

async function cli(ws: PulumiWorkspace, dir: string, phase: Phase, resources: number): Promise<void> {
  const args = [...ARGS[phase], "--stack", "bench", "--non-interactive"];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(path.join(ws.binDir, "pulumi"), args, { cwd: dir, env: ws.env, maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000 }, (error, out, err) =>
      error ? reject(new Error(`pulumi ${args.join(" ")} in ${dir} failed: ${error.message}\n${out.slice(-4000)}\n${err.slice(-4000)}`)) : resolve(out),
    ),
  );
  const got = summary(stdout);
  for (const [key, count] of Object.entries(EXPECT[phase](resources)))
    if (got[key] !== count) throw new Error(`${dir} ${phase}: expected ${count} ${key}, the CLI reported ${JSON.stringify(got)}\n${stdout.slice(-2000)}`);
}

async function stateSize(ws: PulumiWorkspace, dir: string, variant: "sets" | "singles", n: number) {
  const exported = JSON.parse((await ws.run(["stack", "export", "--stack", "bench", "--non-interactive"], dir)).stdout);
  const kind = variant === "sets" ? ":RepositorySecretSet" : ":RepositorySecret";
  const resources = (exported.deployment.resources as { type: string; inputs?: object; outputs?: object }[]).filter((r) => r.type.endsWith(kind));
  const bytes = resources.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r.inputs ?? {})) + Buffer.byteLength(JSON.stringify(r.outputs ?? {})), 0);
  const project = `bench-sets-${variant}`;
  const checkpointBytes = statSync(path.join(ws.backendDir, ".pulumi", "stacks", project, "bench.json")).size;
  return { resourceBytesPerSecret: Math.round(bytes / n), checkpointBytesPerSecret: Math.round(checkpointBytes / n), checkpointBytes };
}

const NAMES: Record<Variant | "raw", string> = {
  sets: "10 sets",
  singles: "single resources",
  setsFloor: "sets' floor",
  singlesFloor: "singles' floor",
  raw: "raw HTTP loop",
};
const PHASE_NAMES: Record<Phase, string> = { up: "`up` (create)", noChangeUp: "`up` (no change)", refresh: "`refresh`", destroy: "`destroy`" };

/** The BENCHMARKS.md section, every number from `r`. */
export function setsMarkdown(r: SetsResult, heading = "## 6. Sets against single resources under the real CLI"): string[] {
  const s = r.seconds;
  const yes = (ok: boolean) => (ok ? "met" : "**missed**");
  const lines = [heading, ""];
  lines.push(
    `${r.secrets} repository secrets in ${r.repositories} repositories, plugin face, real Pulumi CLI (${r.cli}) with a file backend: declared as ${r.repositories} \`RepositorySecretSet\`s of ${r.secrets / r.repositories} entries, or as ${r.secrets} \`RepositorySecret\`s. Each beside its no-I/O floor (the same plugin with bench/floor/memory-client.js in place of HTTP) and a raw HTTP loop doing the same requests with ${RAW_CONCURRENCY} in flight (the client's default \`maxConcurrency\`): ${r.secrets} POSTs, one list per repository (no-change \`up\`, \`refresh\`), ${r.secrets} DELETEs. One run; within each phase the variants take turns in the order ${r.order.map((v) => NAMES[v as Variant]).join(", ")} (1-minute load average ${r.loadAverage.before} before, ${r.loadAverage.after} after${r.loadAverage.mean === undefined ? "" : `, ${r.loadAverage.mean} on average and ${r.loadAverage.max} at most, sampled every 5 s through the run`}; ${os.cpus().length} cores shared with other work).`,
    "",
    "| phase | sets s | singles s | sets' floor s | singles' floor s | raw loop s | sets / singles | target | requests (sets / singles / raw) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const phase of SETS_PHASES) {
    const ratio = r.ratios[phase].setsToSingles;
    const target =
      phase === "up" || phase === "destroy"
        ? `≤ ${r.targets.createAndDestroy} (${yes(ratio <= r.targets.createAndDestroy)})`
        : phase === "noChangeUp"
          ? `≤ ${r.targets.noChangeUp} (${yes(ratio <= r.targets.noChangeUp)})`
          : "";
    lines.push(
      `| ${PHASE_NAMES[phase]} | ${s[phase].sets} | ${s[phase].singles} | ${s[phase].setsFloor} | ${s[phase].singlesFloor} | ${s[phase].raw} | ${ratio} | ${target} | ${r.requests[phase].sets} / ${r.requests[phase].singles} / ${r.requests[phase].raw} |`,
    );
  }
  lines.push(
    "",
    `Sets' create within their floor plus ${r.targets.createWithinFloorPlusRaw}× the raw loop: ${s.up.sets} s against ${s.up.setsFloor} + ${r.targets.createWithinFloorPlusRaw} × ${s.up.raw} = ${r.createBudgetSeconds} s (${yes(s.up.sets <= r.createBudgetSeconds)}).`,
    "",
    "| state | inputs + outputs bytes per secret | checkpoint bytes per secret |",
    "| --- | --- | --- |",
    `| 10 sets | ${r.state.sets.resourceBytesPerSecret} | ${r.state.sets.checkpointBytesPerSecret} |`,
    `| single resources | ${r.state.singles.resourceBytesPerSecret} | ${r.state.singles.checkpointBytesPerSecret} |`,
    "",
  );
  if (r.timelines) lines.push(...timelineMarkdown(r));
  return lines;
}

const VARIANT_ROWS: Variant[] = ["sets", "singles", "setsFloor", "singlesFloor"];

/** "Where the remaining time goes": each command split by the plugin's call trace, and what it says about the targets. */
function timelineMarkdown(r: SetsResult): string[] {
  const s = r.seconds;
  const t = r.timelines;
  const share = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`;
  const handler = (timeline: Timeline, method: string) => timeline.calls[method] ?? { count: 0, seconds: 0 };
  const lines = [
    "### Where the remaining time goes",
    "",
    "Each command split by a trace of the gRPC calls the plugin answered (bench/floor/call-trace.js, in front of the shipped plugin in every variant; epoch milliseconds, so the CLI's clock and the plugin's agree): **until the plugin starts** is the CLI, the engine and, for `up`, the language host and the program up to their first resource; **start-up** is the plugin process from its start to its port line; **to the first call** is from there to the first resource call (Check, Read or Delete), the engine's handshake and Configure included; **calls in flight** is wall time with at least one resource call of the plugin's open; **between calls** is the rest up to the last answer, with no call open: the engine, its checkpoint writes and the program; **after** is from the last answer to the CLI's exit. Handler seconds add each call's own time, so calls running side by side count more than once.",
    "",
    "| command | variant | total s | until the plugin starts s | start-up s | to the first call s | calls in flight s | between calls s | after s | calls (count: handler s) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const phase of SETS_PHASES)
    for (const variant of VARIANT_ROWS) {
      const x = t[phase][variant];
      const toFirst = round(x.untilFirstResourceCall - x.untilPluginStarted - x.pluginStartUp, 2);
      const calls = Object.entries(x.calls)
        .filter(([method]) => !CONFIGURATION_CALLS.has(method) && method !== "cancel")
        .map(([method, c]) => `${method} ${c.count}: ${c.seconds}`)
        .join(", ");
      lines.push(
        `| ${PHASE_NAMES[phase]} | ${NAMES[variant]} | ${x.total} | ${x.untilPluginStarted} | ${x.pluginStartUp} | ${toFirst} | ${x.callsInFlight} | ${x.betweenCalls} | ${x.afterLastCall} | ${calls} |`,
      );
    }
  // What the shared part costs: everything before the first resource call is the same work for sets and singles.
  const before = (phase: Phase, variant: Variant) => t[phase][variant].untilFirstResourceCall;
  const after = (phase: Phase, variant: Variant) => round(s[phase][variant] - before(phase, variant), 2);
  const ratioAfter = (phase: Phase) => round(after(phase, "sets") / after(phase, "singles"), 3);
  const up = t.up;
  lines.push(
    "",
    `**Before the first resource call.** Every command starts the same way whatever it declares: the CLI and the engine, for \`up\` the Node.js language host and the program, then the plugin. That took ${before("up", "sets")} s of the sets' ${s.up.sets} s create and ${before("up", "singles")} s of the singles' ${s.up.singles} s; ${before("noChangeUp", "sets")} s and ${before("noChangeUp", "singles")} s of a no-change \`up\`; ${before("destroy", "sets")} s and ${before("destroy", "singles")} s of \`destroy\`. Of it the plugin's start-up is ${up.sets.pluginStartUp} s (sets' \`up\`); the rest, ${up.sets.untilPluginStarted} s before the plugin even starts on \`up\` against ${t.destroy.sets.untilPluginStarted} s on \`destroy\`, is the language host and the program. A ratio of sets to singles counts this shared time on both sides: measured from the first resource call to the CLI's exit, sets take ${ratioAfter("up")}× the singles' time on create (${after("up", "sets")} s against ${after("up", "singles")} s), ${ratioAfter("noChangeUp")}× on a no-change \`up\` (${after("noChangeUp", "sets")} s against ${after("noChangeUp", "singles")} s) and ${ratioAfter("destroy")}× on destroy (${after("destroy", "sets")} s against ${after("destroy", "singles")} s).`,
    "",
    "**Ours in that start**, measured apart from this run (CPU time, which the machine's load does not stretch as it stretches wall time): the plugin's server loads in about 0.5 CPU s and 325 modules, since it imports @pulumi/pulumi's `output`, `config` and `log` modules instead of the package root, which also loads the automation API (1.3 CPU s and 902 modules before; test/plugin/startup.test.ts keeps the root out). In the program, `require(\"pulumi-woodpecker/plugin\")` adds about 0.17 CPU s (zod and the specs) to the 1 CPU s of @pulumi/pulumi's root, which the program loads anyway; the rest before the first resource is the language host's own start. Each of the program's resources costs about 3 CPU ms in @pulumi/pulumi's `CustomResource` constructor, as much as a bare `CustomResource` with the same keys and options takes: the SDK's per-resource work (an Output per property, the source position and stack trace), not ours.",
    "",
    `**The program's ${r.secrets} resources.** On \`up\` the singles' plugin starts ${round(up.singles.untilPluginStarted - up.sets.untilPluginStarted, 2)} s later than the sets' (${up.singles.untilPluginStarted} s against ${up.sets.untilPluginStarted} s; floors ${round(up.singlesFloor.untilPluginStarted - up.setsFloor.untilPluginStarted, 2)} s later): the engine starts it at the first registration, which is sent only once the program's loop has constructed all ${r.secrets} resources (the loop runs to its end before any registration goes out).`,
    "",
    `**Create.** The singles spend ${up.singles.betweenCalls} s (${share(up.singles.betweenCalls, s.up.singles)}) with no call of the plugin's open: the engine's ${r.secrets} steps, each ending in a checkpoint write of the whole state (${r.state.singles.checkpointBytes} bytes at the end), and the program's registrations; their floor, with no network at all, still takes ${s.up.singlesFloor} s. The sets spend ${up.sets.callsInFlight} s with calls open (Create ${handler(up.sets, "create").count}: ${handler(up.sets, "create").seconds} handler s, each set listing its repository and writing its ${r.secrets / r.repositories} entries ${RAW_CONCURRENCY} at a time, the ${r.repositories} sets side by side) and ${up.sets.betweenCalls} s between calls; the raw loop sends the same ${r.requests.up.raw} creates in ${s.up.raw} s.`,
    "",
    `**No-change \`up\`.** No write and no per-step checkpoint. The singles' ${handler(t.noChangeUp.singles, "check").count} Checks and ${handler(t.noChangeUp.singles, "diff").count} Diffs are local (${handler(t.noChangeUp.singles, "check").seconds} and ${handler(t.noChangeUp.singles, "diff").seconds} handler s) and their time is the engine's and the program's, ${t.noChangeUp.singles.betweenCalls} s between calls. The sets' ${handler(t.noChangeUp.sets, "diff").count} Diffs each list their repository so that a preview shows strays and entries deleted outside Pulumi (${r.requests.noChangeUp.sets} requests, two per set: a full page of 50 entries is followed by a request for the next page; ${handler(t.noChangeUp.sets, "diff").seconds} handler s, ${t.noChangeUp.sets.callsInFlight} s in flight), so from the first resource call on the sets take ${after("noChangeUp", "sets") > after("noChangeUp", "singles") ? "longer" : "less time"} than the local diffs of the singles (${after("noChangeUp", "sets")} s against ${after("noChangeUp", "singles")} s; floors ${after("noChangeUp", "setsFloor")} s against ${after("noChangeUp", "singlesFloor")} s). Both commands are mostly the shared start above (${before("noChangeUp", "sets")} s and ${before("noChangeUp", "singles")} s here), which the machine's load stretches for both alike: a sets' no-change \`up\` with nothing after its first call would take ${round(before("noChangeUp", "sets") / s.noChangeUp.singles, 3)}× the singles' time, so the target ≤ ${r.targets.noChangeUp} ${r.ratios.noChangeUp.setsToSingles <= r.targets.noChangeUp ? "is met in this run, by a margin that the start sets rather than the provider" : "cannot be met by the provider in this run"}.`,
    "",
    `**Refresh and destroy.** A refresh reads each set with one list (${handler(t.refresh.sets, "read").count} Reads, ${handler(t.refresh.sets, "read").seconds} handler s) and the engine then asks for a Diff of each, which lists again (${handler(t.refresh.sets, "diff").seconds} handler s). Destroy: the sets' ${handler(t.destroy.sets, "delete").count} Deletes take ${t.destroy.sets.callsInFlight} s in flight for ${r.requests.destroy.sets} requests; the singles' ${handler(t.destroy.singles, "delete").count} take ${t.destroy.singles.callsInFlight} s in flight and ${t.destroy.singles.betweenCalls} s between calls, the engine's steps and checkpoints.`,
    "",
  );
  return lines;
}
