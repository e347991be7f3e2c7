/**
 * Both faces under the real Pulumi CLI: `pulumi up`, a no-change `up`, `refresh` and `destroy` of N
 * RepositorySecrets (BENCH_FACES_N, default 500) through the dynamic provider and through the
 * provider plugin, each beside a no-I/O floor of the same face, timed from outside the CLI.
 *
 * The floors run the shipped engine, checks, diffs and state with the client's HTTP replaced by
 * bench/floor/memory-client.js:
 * - dynamic floor: the same program and classes, so the same `__provider` text and state; the
 *   delegate's `require("pulumi-woodpecker/provider")` is resolved by the provider host from the
 *   program folder, where node_modules/pulumi-woodpecker is a stub package whose `./provider`
 *   installs the in-memory client before loading the real provider module;
 * - plugin floor: Pulumi.yaml points at a folder whose pulumi-resource-woodpecker installs the
 *   in-memory client, then starts the real plugin.
 * The store is kept in a journal file in the program folder, because every CLI command starts a
 * new provider process and `refresh` must find what `up` created.
 * A floor's server URL is unreachable, so a floor that made a request would fail, not go unseen.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { findOrBuildPulumi, pulumiWorkspace, summary, type PulumiWorkspace } from "../scripts/e2e/pulumi-cli";
import { root, round, type EmulatorProcess } from "./driver";

export const FACES_N = Number(process.env.BENCH_FACES_N ?? 500);
export const VARIANTS = ["dynamic", "plugin", "dynamicFloor", "pluginFloor"] as const;
export type Variant = (typeof VARIANTS)[number];
export const PHASES = ["up", "noChangeUp", "refresh", "destroy", "upNoCheckpoints", "destroyNoCheckpoints"] as const;
export type Phase = (typeof PHASES)[number];
export const FACES_TARGETS = { pluginToDynamic: 0.5, pluginStateBytes: 1024 };

const NO_CHECKPOINTS = { PULUMI_SKIP_CHECKPOINTS: "true" };
/** Each phase's command and what its "Resources:" summary must say (N secrets plus the stack). */
const COMMANDS: Record<Phase, { args: string[]; env?: NodeJS.ProcessEnv; expect: (n: number) => Record<string, number> }> = {
  up: { args: ["up", "--yes", "--skip-preview"], expect: (n) => ({ create: n + 1 }) },
  noChangeUp: { args: ["up", "--yes", "--skip-preview"], expect: (n) => ({ same: n + 1 }) },
  refresh: { args: ["refresh", "--yes", "--skip-preview"], expect: (n) => ({ same: n + 1 }) },
  destroy: { args: ["destroy", "--yes", "--skip-preview"], expect: (n) => ({ delete: n + 1 }) },
  upNoCheckpoints: { args: ["up", "--yes", "--skip-preview"], env: NO_CHECKPOINTS, expect: (n) => ({ create: n + 1 }) },
  destroyNoCheckpoints: { args: ["destroy", "--yes", "--skip-preview"], env: NO_CHECKPOINTS, expect: (n) => ({ delete: n + 1 }) },
};

/** The program of every variant: plain JS, so no TypeScript compile time enters the comparison. */
const program = (sdk: string) => `const pulumi = require("@pulumi/pulumi");
const woodpecker = require(${JSON.stringify(sdk)});
const config = new pulumi.Config("bench");
const repositoryId = config.requireNumber("repositoryId");
for (let i = 0; i < config.requireNumber("count"); i++) {
  new woodpecker.RepositorySecret(\`secret-\${i}\`, { repositoryId, name: \`bench_secret_\${i}\`, value: \`value-\${i}\`, events: ["push"] });
}
`;

const MEMORY_CLIENT = path.join(root, "bench/floor/memory-client.js");
/** Discard port: nothing listens, so any request a floor made would fail its run. */
const UNREACHABLE = "http://127.0.0.1:9";

interface Folder {
  variant: Variant;
  dir: string;
  project: string;
  stack: string;
}

export async function measureFaces(emu: EmulatorProcess, n = FACES_N) {
  const binDir = await findOrBuildPulumi();
  const ws = pulumiWorkspace(binDir, "bench-faces");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-faces-"));
  const loadBefore = os.loadavg()[0]!;
  try {
    await emu.control("POST", "reset");
    const activate = async (forgeRemoteId: number) => {
      const answer = await fetch(`${emu.url}/api/repos?forge_remote_id=${forgeRemoteId}`, {
        method: "POST",
        headers: { authorization: `Bearer ${emu.adminToken}` },
      });
      if (answer.status !== 200) throw new Error(`activating forge repository ${forgeRemoteId}: ${answer.status} ${await answer.text()}`);
      return ((await answer.json()) as { id: number }).id;
    };
    // One activated repository per face, so that each face's 500 secrets meet an equal server.
    const repositories: Record<Variant, number> = { dynamic: await activate(101), plugin: await activate(103), dynamicFloor: 1, pluginFloor: 1 };
    const folders = {} as Record<Variant, Folder>;
    for (const variant of VARIANTS) {
      folders[variant] = prepareFolder(tmp, variant);
      const { dir, stack } = folders[variant];
      if (variant === "dynamic") await ws.run(["login", `file://${ws.backendDir}`], dir);
      await ws.run(["stack", "init", stack, "--non-interactive"], dir);
      const server = variant.endsWith("Floor") ? UNREACHABLE : emu.url;
      await ws.run(
        [
          "config",
          "set-all",
          "--stack",
          stack,
          "--plaintext",
          `woodpecker:server=${server}`,
          "--secret",
          `woodpecker:token=${emu.adminToken}`,
          "--plaintext",
          `bench:repositoryId=${repositories[variant]}`,
          "--plaintext",
          `bench:count=${n}`,
        ],
        dir,
      );
    }

    const seconds = {} as Record<Phase, Record<Variant, number>>;
    const cpuSeconds = {} as Record<Phase, Record<Variant, number | null>>;
    const requests = {} as Record<Phase, Record<"dynamic" | "plugin", number>>;
    const state = {} as Record<Variant, StateSize>;
    // Variants take turns within each phase (dynamic and plugin back to back), so that the
    // machine's load at a given moment falls on all of them alike.
    for (const phase of PHASES) {
      seconds[phase] = {} as Record<Variant, number>;
      cpuSeconds[phase] = {} as Record<Variant, number | null>;
      requests[phase] = { dynamic: 0, plugin: 0 };
      for (const variant of VARIANTS) {
        const folder = folders[variant];
        await emu.clearRequests();
        const run = await timedCli(ws, folder, phase, n);
        const log = await emu.requests();
        const failed = log.filter((r) => r.status >= 300);
        if (failed.length)
          throw new Error(`${variant} ${phase}: ${failed.length} requests failed, e.g. ${failed[0]!.method} ${failed[0]!.path} ${failed[0]!.status}`);
        if (variant === "dynamic" || variant === "plugin") requests[phase][variant] = log.length;
        else if (log.length) throw new Error(`${variant} ${phase}: the floor reached the emulator (${log.length} requests)`);
        seconds[phase][variant] = round(run.seconds, 2);
        cpuSeconds[phase][variant] = run.cpuSeconds === undefined ? null : round(run.cpuSeconds, 1);
        console.error(`faces: ${phase} ${variant} ${round(run.seconds, 1)} s`);
        if (phase === "up") state[variant] = await stateSize(ws, folder, n);
      }
    }

    const ratio = (a: number, b: number) => round(a / b, 2);
    const ratios = Object.fromEntries(
      PHASES.map((phase) => {
        const s = seconds[phase];
        return [
          phase,
          {
            pluginToDynamic: ratio(s.plugin, s.dynamic),
            dynamicToFloor: ratio(s.dynamic, s.dynamicFloor),
            pluginToFloor: ratio(s.plugin, s.pluginFloor),
            floorPluginToFloorDynamic: ratio(s.pluginFloor, s.dynamicFloor),
          },
        ];
      }),
    ) as Record<Phase, { pluginToDynamic: number; dynamicToFloor: number; pluginToFloor: number; floorPluginToFloorDynamic: number }>;
    return {
      resources: n,
      cli: path.basename(path.dirname(binDir)),
      languageHost: readFileSync(path.join(binDir, "LANGUAGE_HOST"), "utf8").split(" ")[0] ?? "",
      backend: "file",
      order: VARIANTS,
      seconds,
      cpuSeconds,
      requests,
      ratios,
      state,
      targets: FACES_TARGETS,
      /** the machine's 1-minute load average before and after, for context: other work shares the cores */
      loadAverage: { before: round(loadBefore, 1), after: round(os.loadavg()[0]!, 1) },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(path.dirname(ws.backendDir), { recursive: true, force: true });
  }
}

export type FacesResult = Awaited<ReturnType<typeof measureFaces>>;

/** A program folder as `npm install` would leave it: the SDK and @pulumi/pulumi under node_modules. */
function prepareFolder(tmp: string, variant: Variant): Folder {
  const dir = path.join(tmp, variant);
  const project = `bench-faces-${variant.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const modules = path.join(dir, "node_modules");
  mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
  symlinkSync(path.join(root, "node_modules/@pulumi/pulumi"), path.join(modules, "@pulumi/pulumi"), "dir");
  const plugin = variant === "plugin" || variant === "pluginFloor";
  if (variant === "dynamicFloor") writeStubPackage(path.join(modules, "pulumi-woodpecker"), path.join(dir, "floor-store.jsonl"));
  else symlinkSync(root, path.join(modules, "pulumi-woodpecker"), "dir");
  if (variant === "pluginFloor") {
    const bin = path.join(dir, "floor-bin");
    mkdirSync(bin);
    const script = path.join(bin, "pulumi-resource-woodpecker");
    writeFileSync(
      script,
      `#!/usr/bin/env node\n// The plugin with an in-memory Woodpecker (bench floor).\nrequire(${JSON.stringify(MEMORY_CLIENT)}).install(${JSON.stringify(path.join(dir, "floor-store.jsonl"))});\nrequire(${JSON.stringify(path.join(root, "dist/provider/plugin/main.js"))});\n`,
    );
    chmodSync(script, 0o755);
  }
  const pluginPath = variant === "plugin" ? "./node_modules/pulumi-woodpecker/bin" : "./floor-bin";
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${project}\nruntime: nodejs\n${plugin ? `plugins:\n  providers:\n    - name: woodpecker\n      path: ${pluginPath}\n` : ""}`,
  );
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: project, private: true, main: "index.js" }));
  writeFileSync(path.join(dir, "index.js"), program(plugin ? "pulumi-woodpecker/plugin" : "pulumi-woodpecker"));
  return { variant, dir, project, stack: "bench" };
}

/** `pulumi-woodpecker` for the dynamic floor: the real SDK, and a `./provider` on the in-memory client. */
function writeStubPackage(dir: string, journal: string): void {
  mkdirSync(dir, { recursive: true });
  const version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "pulumi-woodpecker", version, main: "index.js", exports: { ".": "./index.js", "./provider": "./provider.js" } }),
  );
  writeFileSync(path.join(dir, "index.js"), `module.exports = require(${JSON.stringify(path.join(root, "dist/sdk/index.js"))});\n`);
  writeFileSync(
    path.join(dir, "provider.js"),
    `require(${JSON.stringify(MEMORY_CLIENT)}).install(${JSON.stringify(journal)});\nmodule.exports = require(${JSON.stringify(path.join(root, "dist/provider/index.js"))});\n`,
  );
}

const TIME = "/usr/bin/time";

/**
 * One CLI command, wall time from outside; CPU seconds (user + system) of the CLI and the
 * processes it waited for (language host, program, provider) when /usr/bin/time is there.
 */
async function timedCli(ws: PulumiWorkspace, folder: Folder, phase: Phase, n: number): Promise<{ seconds: number; cpuSeconds?: number }> {
  const command = COMMANDS[phase];
  const args = [...command.args, "--stack", folder.stack, "--non-interactive"];
  const pulumi = path.join(ws.binDir, "pulumi");
  const useTime = existsSync(TIME);
  const timeFile = path.join(folder.dir, "time.txt");
  const [file, argv] = useTime ? [TIME, ["-f", "%U %S", "-o", timeFile, pulumi, ...args]] : [pulumi, args];
  const t0 = performance.now();
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(file, argv, { cwd: folder.dir, env: { ...ws.env, ...command.env }, maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000 }, (error, out, err) =>
      error
        ? reject(new Error(`pulumi ${args.join(" ")} (${folder.variant}) failed: ${error.message}\n${out.slice(-4000)}\n${err.slice(-4000)}`))
        : resolve(out),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const got = summary(stdout);
  const want = command.expect(n);
  for (const [key, count] of Object.entries(want)) {
    if (got[key] !== count)
      throw new Error(`${folder.variant} ${phase}: expected ${count} ${key}, the CLI reported ${JSON.stringify(got)}\n${stdout.slice(-2000)}`);
  }
  for (const key of ["create", "update", "delete", "replace"]) {
    if (!(key in want) && got[key]) throw new Error(`${folder.variant} ${phase}: unexpected ${got[key]} ${key}\n${stdout.slice(-2000)}`);
  }
  if (!useTime) return { seconds };
  const [user, system] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
  return { seconds, cpuSeconds: user! + system! };
}

interface StateSize {
  /** JSON of one RepositorySecret's inputs and outputs (mean over the N), as the stack export has them */
  resourceBytes: number;
  /** the `__provider` text inside them (dynamic faces), counted once */
  providerBytes: number;
  /** the whole resource entry (URN, type, provider reference, inputs, outputs, dependencies, …) as compact JSON */
  entryBytes: number;
  /** of the entry: the source position and stack trace @pulumi/pulumi records for every resource */
  traceBytes: number;
  /** the checkpoint file the file backend rewrites after each step, divided by N */
  checkpointBytesPerResource: number;
  checkpointBytes: number;
}

async function stateSize(ws: PulumiWorkspace, folder: Folder, n: number): Promise<StateSize> {
  const exported = JSON.parse((await ws.run(["stack", "export", "--stack", folder.stack, "--non-interactive"], folder.dir)).stdout);
  const secrets = (
    exported.deployment.resources as { type: string; inputs?: object; outputs?: object; sourcePosition?: string; stackTrace?: object[] }[]
  ).filter((r) => r.type.endsWith(":RepositorySecret"));
  if (secrets.length !== n) throw new Error(`${folder.variant}: the export holds ${secrets.length} RepositorySecrets, not ${n}`);
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {}));
  const resourceBytes = secrets.reduce((sum, r) => sum + bytes(r.inputs) + bytes(r.outputs), 0) / n;
  const provider = (secrets[0]!.inputs as { __provider?: string }).__provider;
  const checkpoint = path.join(ws.backendDir, ".pulumi", "stacks", folder.project, `${folder.stack}.json`);
  if (!existsSync(checkpoint)) throw new Error(`${folder.variant}: no checkpoint at ${checkpoint}`);
  const checkpointBytes = statSync(checkpoint).size;
  return {
    resourceBytes: Math.round(resourceBytes),
    providerBytes: provider ? Buffer.byteLength(provider) : 0,
    entryBytes: Math.round(secrets.reduce((sum, r) => sum + bytes(r), 0) / n),
    traceBytes: Math.round(secrets.reduce((sum, r) => sum + bytes({ sourcePosition: r.sourcePosition, stackTrace: r.stackTrace }), 0) / n),
    checkpointBytesPerResource: Math.round(checkpointBytes / n),
    checkpointBytes,
  };
}

// ---------------------------------------------------------------------------------------------

const NAMES: Record<Variant, string> = { dynamic: "dynamic", plugin: "plugin", dynamicFloor: "dynamic floor", pluginFloor: "plugin floor" };
const PHASE_NAMES: Record<Phase, string> = {
  up: "`up` (create)",
  noChangeUp: "`up` (no change)",
  refresh: "`refresh`",
  destroy: "`destroy`",
  upNoCheckpoints: "`up` (create), no checkpoints",
  destroyNoCheckpoints: "`destroy`, no checkpoints",
};

/** The section "Both faces under the real CLI" of BENCHMARKS.md, every number from `f`. */
export function facesMarkdown(f: FacesResult, heading = "## 5. Both faces under the real CLI"): string[] {
  const lines: string[] = [];
  const yes = (ok: boolean) => (ok ? "met" : "**missed**");
  const s = f.seconds;
  const r = f.ratios;
  const n = f.resources;
  lines.push(heading, "");
  lines.push(
    `${n} \`RepositorySecret\`s declared by a plain-JS program (no TypeScript compile), run by the real Pulumi CLI (${f.cli}, language host ${f.languageHost}) with a file backend, a passphrase and the default \`--parallel\`; wall time of each CLI command measured from outside. **dynamic**: the classes of \`pulumi-woodpecker\` against the emulator (its own process, one activated repository). **plugin**: the same secrets from \`pulumi-woodpecker/plugin\`, Pulumi.yaml pointing at the package's \`bin/\`. Each face has a **floor**: the same program, classes and state run by the shipped engine with the client's HTTP replaced by an in-memory store (bench/floor/memory-client.js; a local journal file carries it from one CLI command to the next), so a floor is that face's cost with no network and no server. Within each phase the four take turns in the order ${f.order.map((v) => NAMES[v]).join(", ")}, so that the machine's load falls on them alike (1-minute load average ${f.loadAverage.before} before and ${f.loadAverage.after} after, on ${os.cpus().length} cores shared with other work). Targets: plugin ≤ ${f.targets.pluginToDynamic}× the dynamic provider's time for create and destroy; plugin state ≤ ${f.targets.pluginStateBytes} bytes per RepositorySecret.`,
    "",
  );
  lines.push(
    "| phase | dynamic s | plugin s | dynamic floor s | plugin floor s | plugin / dynamic | target | floors: plugin / dynamic | dynamic / its floor | plugin / its floor | requests (dynamic / plugin) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const phase of PHASES) {
    const targeted = phase === "up" || phase === "destroy";
    const target = targeted ? `≤ ${f.targets.pluginToDynamic} (${yes(r[phase].pluginToDynamic <= f.targets.pluginToDynamic)})` : "";
    lines.push(
      `| ${PHASE_NAMES[phase]} | ${s[phase].dynamic} | ${s[phase].plugin} | ${s[phase].dynamicFloor} | ${s[phase].pluginFloor} | ${r[phase].pluginToDynamic} | ${target} | ${r[phase].floorPluginToFloorDynamic} | ${r[phase].dynamicToFloor} | ${r[phase].pluginToFloor} | ${f.requests[phase].dynamic} / ${f.requests[phase].plugin} |`,
    );
  }
  lines.push(
    "",
    `"No checkpoints" is the same command with \`PULUMI_SKIP_CHECKPOINTS=true\`: the engine writes the state once at the end instead of after every step, which shows what checkpoint writing costs.`,
    "",
  );
  if (Object.values(f.cpuSeconds.up).every((v) => v !== null)) {
    lines.push(`CPU seconds (user + system of the CLI and the processes it waited for: language host, program, provider), on ${os.cpus().length} cores:`, "");
    lines.push("| phase | dynamic | plugin | dynamic floor | plugin floor |", "| --- | --- | --- | --- | --- |");
    for (const phase of PHASES) {
      const c = f.cpuSeconds[phase];
      lines.push(`| ${PHASE_NAMES[phase]} | ${c.dynamic} | ${c.plugin} | ${c.dynamicFloor} | ${c.pluginFloor} |`);
    }
    lines.push("");
  }

  const st = f.state;
  lines.push("### State per RepositorySecret", "");
  lines.push(
    `From \`pulumi stack export\` and the file backend's checkpoint after the first \`up\`. Inputs + outputs: the JSON of one resource's inputs and outputs (mean of the ${n}; the secret value is ciphertext). Checkpoint / N: the whole checkpoint file, which the engine rewrites after every step, divided by ${n} (it also holds each resource's URN, type, parent, provider reference and dependencies).`,
    "",
  );
  lines.push(
    "| face | inputs + outputs bytes | of which `__provider` (stored twice) | whole resource entry bytes | of which source position and stack trace | checkpoint bytes / N | target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const v of VARIANTS) {
    const plugin = v === "plugin";
    const target = plugin
      ? `≤ ${f.targets.pluginStateBytes} (inputs + outputs ${yes(st[v].resourceBytes <= f.targets.pluginStateBytes)}, checkpoint / N ${yes(st[v].checkpointBytesPerResource <= f.targets.pluginStateBytes)})`
      : "";
    lines.push(
      `| ${NAMES[v]} | ${st[v].resourceBytes} | ${st[v].providerBytes ? `${st[v].providerBytes} × 2` : "none"} | ${st[v].entryBytes} | ${st[v].traceBytes} | ${st[v].checkpointBytesPerResource} | ${target} |`,
    );
  }
  lines.push(
    "",
    `The whole resource entry adds the URN, type, parent, the provider reference, property dependencies, timestamps, and the source position and stack trace that @pulumi/pulumi records for every resource (${st.plugin.traceBytes} bytes here${st.plugin.traceBytes > st.plugin.resourceBytes ? ", more than the plugin's inputs and outputs" : ""}); the checkpoint adds the stack, the provider and the secrets provider once. Both are the engine's format: what a provider controls is its inputs and outputs, where the plugin stores ${round(st.dynamic.resourceBytes / st.plugin.resourceBytes, 1)}× less than the dynamic provider (${st.dynamic.resourceBytes - st.plugin.resourceBytes} bytes, of which ${2 * st.dynamic.providerBytes} are the two \`__provider\` copies); per checkpoint it is ${round(st.dynamic.checkpointBytesPerResource / st.plugin.checkpointBytesPerResource, 1)}× less.`,
    "",
  );
  lines.push("### Where the remaining time goes", "");
  lines.push(...whereTimeGoes(f), "");
  return lines;
}

/** The explanation, from the measured differences only. */
function whereTimeGoes(f: FacesResult): string[] {
  const s = f.seconds;
  const r = f.ratios;
  const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`;
  const sec = (v: number) => `${round(v, 1)} s`;
  type Split = { total: number; checkpoints: number; requests: number; rest: number };
  /** with minus without checkpoints; face minus floor (both without checkpoints); the floor without checkpoints */
  const split = (face: "dynamic" | "plugin", phase: "up" | "destroy"): Split => {
    const without = phase === "up" ? "upNoCheckpoints" : "destroyNoCheckpoints";
    const floor = face === "dynamic" ? "dynamicFloor" : "pluginFloor";
    return { total: s[phase][face], checkpoints: s[phase][face] - s[without][face], requests: s[without][face] - s[without][floor], rest: s[without][floor] };
  };
  const lines: string[] = [];
  lines.push(
    `Each face's time split by difference: **checkpoints** = the command minus the same command with \`PULUMI_SKIP_CHECKPOINTS=true\`; **requests** = the face minus its floor, both without checkpoints (the provider's HTTP and the emulator's work); **the rest** = the floor without checkpoints (the CLI and engine, the language host and program, the provider process's gRPC, checks and state handling). Differences of separate runs on a loaded machine: a part can come out slightly negative.`,
    "",
    "| command | face | total s | checkpoints s | requests s | the rest s |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  const cell = (part: number, x: Split) => `${round(part, 1)} (${pct(part, x.total)})`;
  for (const phase of ["up", "destroy"] as const) {
    for (const face of ["dynamic", "plugin"] as const) {
      const x = split(face, phase);
      lines.push(`| ${PHASE_NAMES[phase]} | ${face} | ${round(x.total, 1)} | ${cell(x.checkpoints, x)} | ${cell(x.requests, x)} | ${cell(x.rest, x)} |`);
    }
  }
  lines.push("");
  const st = f.state;
  const cpu = f.cpuSeconds;
  /**
   * Checkpoint seconds against checkpoint bytes per resource, as a straight line through the two
   * faces' points (two points: an estimate, labelled as such), and what the plugin's command
   * would take if its inputs and outputs took no bytes at all.
   */
  const checkpointLine = (phase: "up" | "destroy", d: Split, p: Split, met: boolean) => {
    const perByte = (d.checkpoints - p.checkpoints) / (st.dynamic.checkpointBytesPerResource - st.plugin.checkpointBytesPerResource);
    const fixed = p.checkpoints - perByte * st.plugin.checkpointBytesPerResource;
    const bare = st.plugin.checkpointBytesPerResource - st.plugin.resourceBytes;
    const bareTotal = p.total - perByte * st.plugin.resourceBytes;
    const without = phase === "up" ? "upNoCheckpoints" : "destroyNoCheckpoints";
    const cpuText =
      cpu[phase].dynamic !== null && cpu[without].dynamic !== null
        ? ` Checkpoint writing is CPU work: the CLI and its processes used ${cpu[phase].dynamic} and ${cpu[phase].plugin} CPU seconds (dynamic, plugin) with checkpoints and ${cpu[without].dynamic} and ${cpu[without].plugin} without.`
        : "";
    if (!(perByte > 0)) return `The two faces' checkpoint times do not grow with their bytes in this run, so no per-byte cost is estimated.${cpuText}`;
    return (
      `A straight line through the two faces' points (checkpoint seconds against checkpoint bytes per resource; an estimate from two points) gives ${sec(fixed)} that do not depend on the bytes and ${round(perByte * 1000, 1)} ms more for each byte added to every resource's entry. ` +
      `Even if the plugin's inputs and outputs took no bytes, its entries would keep ${bare} bytes each (URN, provider reference, timestamps, the SDK's stack trace) and this command would take about ${sec(bareTotal)}, ${round(bareTotal / d.total, 2)}× the dynamic provider's` +
      `${met ? "." : bareTotal / d.total > f.targets.pluginToDynamic + 0.02 ? `: the target is out of reach of the provider's own state; the remaining time is the engine's checkpoint writing per step and the CLI, engine and program floor.` : bareTotal / d.total > f.targets.pluginToDynamic - 0.02 ? ": about at the target, with nothing left for the provider to remove." : "."}${cpuText}`
    );
  };
  for (const [phase, label] of [
    ["up", "Create"],
    ["destroy", "Destroy"],
  ] as const) {
    const d = split("dynamic", phase);
    const p = split("plugin", phase);
    const parts = [
      { what: "checkpoint writing", d: d.checkpoints, p: p.checkpoints },
      { what: "requests", d: d.requests, p: p.requests },
      { what: "the rest", d: d.rest, p: p.rest },
    ];
    const largest = [...parts].sort((a, b) => b.p - a.p)[0]!;
    const met = r[phase].pluginToDynamic <= f.targets.pluginToDynamic;
    lines.push(
      `**${label}.** The plugin takes ${sec(p.total)} against the dynamic provider's ${sec(d.total)}: ${r[phase].pluginToDynamic}×, target ≤ ${f.targets.pluginToDynamic} ${met ? "met" : "missed"}. The ${sec(d.total - p.total)} between them: ${parts.map((x) => `${x.what} ${sec(x.d - x.p)}`).join(", ")} (dynamic minus plugin). The largest part of the plugin's own time is ${largest.what}, ${sec(largest.p)} (${pct(largest.p, p.total)}). ` +
        `With checkpoints skipped and no network at all, the plugin floor still takes ${sec(p.rest)}, ${round(p.rest / d.total, 2)}× the dynamic provider's full time. ` +
        checkpointLine(phase, d, p, met),
      "",
    );
  }
  const sameWork = (phase: "up" | "destroy") => `${phase === "up" ? "create" : "destroy"} ${sec(s[phase].dynamic)} and ${sec(s[phase].dynamicFloor)}`;
  lines.push(
    `**How certain.** The dynamic provider and its floor write checkpoints of the same size (${st.dynamic.checkpointBytesPerResource} and ${st.dynamicFloor.checkpointBytesPerResource} bytes per resource) and differ only by requests, which cost ${sec(split("dynamic", "up").requests)} (create) and ${sec(split("dynamic", "destroy").requests)} (destroy) without checkpoints; yet they took ${sameWork("up")}, ${sameWork("destroy")}. That is how much one command's time moves between runs minutes apart on this shared machine, mostly in checkpoint writing. The floors give a second estimate of each plugin / dynamic ratio from the same run (column "floors: plugin / dynamic"): create ${r.up.pluginToDynamic} (faces) and ${r.up.floorPluginToFloorDynamic} (floors), destroy ${r.destroy.pluginToDynamic} and ${r.destroy.floorPluginToFloorDynamic}. Read each ratio as lying in about that range.`,
    "",
  );
  lines.push(
    `**No-change \`up\` and \`refresh\`.** A no-change \`up\` makes no request (diffs are local) and writes no checkpoint per step, so each face and its floor do the same work; they measured ${r.noChangeUp.dynamicToFloor}× and ${r.noChangeUp.pluginToFloor}× apart. The plugin ran at ${r.noChangeUp.pluginToDynamic}× the dynamic provider: that time is the CLI, engine and program for ${f.resources} resources. \`refresh\` reads each secret once and, with nothing changed, writes no checkpoint per step either: plugin ${r.refresh.pluginToDynamic}× dynamic, each face ${r.refresh.dynamicToFloor}× and ${r.refresh.pluginToFloor}× its floor.`,
  );
  return lines;
}
