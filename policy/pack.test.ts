import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "./policies.js";
import {
  analyzerRpc,
  analyzeRequest,
  analyzeStackRequest,
  configureRequest,
  Empty,
  grpc,
  repoRoot,
  sdkDir,
  secret,
  toResult,
  UNKNOWN,
  urnOf,
  withLevels,
  type Resource,
  type Result,
} from "../test/support/policy.js";

// The compiled pack as its own process, driven over gRPC with AnalyzerClient the way the engine does.

const packDir = path.join(repoRoot, "policy");
const compiled = path.join(repoRoot, "dist", "policy", "index.js");
const packJson = JSON.parse(readFileSync(path.join(packDir, "package.json"), "utf8"));
const SECRET_VALUE = "pack-SECRET-value-0b7e55";

/** Builds with the project's tsc. Type errors in files the pack does not use (other work in progress) do not stop the test. */
function build() {
  const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: repoRoot, encoding: "utf8" });
  const ours = `${run.stdout}`
    .split("\n")
    .filter((line) => /^(policy\/|provider\/validation\.ts|sdk\/(resources|define|delegate)\.ts|provider\/(engine|resources)\/)/.test(line));
  if (ours.length > 0 || !existsSync(compiled)) throw new Error(`tsc failed for the policy pack:\n${ours.join("\n") || run.stdout}`);
}

interface Pack {
  proc: ChildProcess;
  client: any;
  stderr: () => string;
}

/** Starts `node <entry> ...args` in the pack folder and connects to the port it prints first. */
async function startPack(args: string[]): Promise<Pack> {
  const proc = spawn(process.execPath, args, { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr!.on("data", (chunk) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no port within 30 s; stderr: ${stderr}`)), 30_000);
    proc.stdout!.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0]!;
      if (out.includes("\n")) {
        clearTimeout(timer);
        if (/^\d+$/.test(line.trim())) resolve(Number(line));
        else reject(new Error(`first stdout line is not a port: ${JSON.stringify(line)}; stderr: ${stderr}`));
      }
    });
    proc.on("exit", (code) => reject(new Error(`pack exited with ${code}: ${stderr}`)));
  });
  const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return { proc, client, stderr: () => stderr };
}

const call = (client: any, method: string, request: unknown) =>
  new Promise<any>((resolve, reject) => client[method](request, (err: unknown, res: unknown) => (err ? reject(err) : resolve(res))));

function stopPack(pack: Pack | undefined) {
  pack?.client.close();
  if (pack && pack.proc.exitCode === null) pack.proc.kill();
}

beforeAll(() => build(), 180_000);

describe("compiled pack over gRPC (node dist/policy/index.js, cwd policy/)", () => {
  let pack: Pack;
  beforeAll(async () => {
    pack = await startPack([compiled]);
  }, 60_000);
  afterAll(() => stopPack(pack));

  const analyze = async (r: Resource): Promise<Result> => toResult(await call(pack.client, "analyze", analyzeRequest(r)));
  const analyzeStack = async (rs: Resource[]): Promise<Result> => toResult(await call(pack.client, "analyzeStack", analyzeStackRequest(rs)));
  const configure = (config: Record<string, Record<string, unknown>>) => call(pack.client, "configure", configureRequest(withLevels(config, policies)));

  const leaky: Resource = {
    kind: "RepositorySecret",
    name: "ci-token",
    props: { repositoryId: 11, name: "ci_token", value: secret(SECRET_VALUE), events: ["pull_request", "push"], images: [], note: "" },
  };

  it("describes itself like the engine expects: name, version from policy/package.json, every policy with level and config schema", async () => {
    const info = await call(pack.client, "getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe("pulumi-woodpecker");
    expect(info.getVersion()).toBe(packJson.version);
    expect(info.getSupportsconfig()).toBe(true);
    const described = info
      .getPoliciesList()
      .map((p: any) => [p.getName(), p.getEnforcementlevel(), Object.keys(p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}).length > 0]);
    expect(described).toEqual(policies.map((p) => [p.name, p.enforcementLevel === "mandatory" ? 1 : 0, true]));
    expect((await call(pack.client, "getPluginInfo", new Empty())).getVersion()).toMatch(/\d+\.\d+/);
  });

  it("analyzes resources: violation, compliant, unknown during preview, and never echoes the secret value", async () => {
    const bad = await analyze(leaky);
    const d = bad.diagnostics.find((x) => x.policyName === "woodpecker-secret-pull-request-images")!;
    expect(d.enforcementLevel).toBe("mandatory");
    expect(d.message).toContain('RepositorySecret "ci-token"');
    const good = await analyze({ ...leaky, props: { ...leaky.props, images: ["alpine"] } });
    expect(good.diagnostics).toEqual([]);
    const preview = await analyze({ ...leaky, props: { ...leaky.props, images: UNKNOWN, value: UNKNOWN } });
    expect(preview.diagnostics.map((x) => [x.policyName, x.enforcementLevel])).toEqual([["woodpecker-secret-pull-request-images", "advisory"]]);
    expect(preview.diagnostics[0]!.message).toMatch(/during preview/);
    for (const r of [bad, good, preview]) for (const x of r.diagnostics) expect(x.message).not.toContain(SECRET_VALUE);
  });

  it("applies policy config sent with Configure: levels and properties", async () => {
    const agent: Resource = { kind: "Agent", name: "runner", props: { name: "runner", noSchedule: false } };
    expect((await analyze(agent)).diagnostics.map((x) => x.enforcementLevel)).toEqual(["advisory"]);
    await configure({
      "woodpecker-global-agents": { enforcementLevel: "mandatory" },
      "woodpecker-secret-pull-request-images": { enforcementLevel: "disabled" },
    });
    expect((await analyze(agent)).diagnostics.map((x) => x.enforcementLevel)).toEqual(["mandatory"]);
    expect((await analyze(leaky)).diagnostics).toEqual([]);
    await configure({ "woodpecker-global-agents": { allowGlobalAgents: true } });
    expect((await analyze(agent)).diagnostics).toEqual([]);
    await configure({});
  });

  it("analyzes the stack: a repository secret shadowing an org secret", async () => {
    const result = await analyzeStack([
      { kind: "Org", name: "acme", props: { name: "acme", orgId: 5 } },
      { kind: "Repository", name: "web", props: { fullName: "acme/web", repositoryId: 11, orgId: 5 } },
      { ...leaky, props: { ...leaky.props, images: ["alpine"] } },
      { kind: "OrgSecret", name: "acme-ci", props: { orgId: 5, name: "ci_token", value: secret(SECRET_VALUE), events: ["push"], images: [] } },
    ]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.urn).toBe(urnOf("RepositorySecret", "ci-token"));
    expect(result.diagnostics[0]!.message).toContain('shadows OrgSecret "acme-ci" of organization "acme"');
    expect(result.diagnostics[0]!.message).not.toContain(SECRET_VALUE);
  });
});

describe("pack folder as the CLI starts it (run-policy-pack with program '.', cwd policy/)", () => {
  let pack: Pack | undefined;
  afterAll(() => stopPack(pack));

  it("loads the compiled pack through policy/package.json's main and serves it", async () => {
    const runner = path.join(sdkDir, "cmd", "run-policy-pack", "index.js");
    pack = await startPack([runner, "127.0.0.1:1", "."]);
    const info = await call(pack.client, "getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe("pulumi-woodpecker");
    expect(info.getPoliciesList()).toHaveLength(policies.length);
  }, 60_000);
});
