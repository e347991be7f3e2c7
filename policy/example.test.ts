import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { PACK_NAME, policies } from "./policies.js";
import { inProcessAnalyzer, repoRoot, type Resource } from "../test/support/policy.js";

// examples/org-provisioning run under Pulumi mocks (compiled package, child process), and what it
// declares fed to the pack: org.yaml passes with policy-config.json; org.violating.yaml breaks
// the policies its comments name.

const exampleDir = path.join(repoRoot, "examples", "org-provisioning");
const SECRET_VALUE = "example-secret-VALUE-6c1d";
const analyzer = inProcessAnalyzer(PACK_NAME, "0.1.0", policies);
const modules = mkdtempSync(path.join(tmpdir(), "org-provisioning-modules-"));
symlinkSync(repoRoot, path.join(modules, "pulumi-woodpecker"));
afterAll(() => rmSync(modules, { recursive: true, force: true }));
beforeEach(() => analyzer.configure({}));

const DRIVER = `
const pulumi = require("@pulumi/pulumi");
const captured = [];
let next = 100;
pulumi.runtime.setMocks({
  newResource: (args) => {
    const kind = args.type.split(":").pop();
    const outputs = kind === "Org" ? { orgId: 5 } : kind === "Repository" ? { repositoryId: next++, orgId: 5, owner: "acme" } : {};
    captured.push({ kind, name: args.name, inputs: args.inputs, outputs });
    return { id: args.name + "-id", state: { ...args.inputs, ...outputs } };
  },
  call: () => ({}),
}, "woodpecker-org-provisioning", "dev", false);
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs", moduleResolution: "node10", ignoreDeprecations: "6.0" } });
require(process.argv[1]);
// Registrations settle asynchronously: print once the count has been stable for a while.
let last = -1;
const poll = setInterval(() => {
  if (captured.length > 0 && captured.length === last) { clearInterval(poll); process.stdout.write(JSON.stringify(captured)); }
  last = captured.length;
}, 400);
`;

function runExample(orgFile: string) {
  if (!existsSync(path.join(repoRoot, "dist", "sdk", "index.js"))) throw new Error("run `npm run build` first");
  const keys = ["ghcrPassword", "dockerHubPassword", "sonarToken", "npmToken", "webDeployKey", "webSonarToken", "infraTerraformToken"];
  const config: Record<string, string> = { "woodpecker-org-provisioning:orgFile": orgFile };
  for (const key of keys) config[`woodpecker-org-provisioning:${key}`] = SECRET_VALUE;
  const run = spawnSync(process.execPath, ["-e", DRIVER, path.join(exampleDir, "index.ts")], {
    cwd: exampleDir,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      NODE_PATH: [modules, path.join(repoRoot, "node_modules")].join(path.delimiter),
      PULUMI_CONFIG: JSON.stringify(config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(keys.map((k) => `woodpecker-org-provisioning:${k}`)),
    },
  });
  if (run.status !== 0) throw new Error(`example failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as { kind: string; name: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[];
}

async function evaluate(orgFile: string) {
  const declared = runExample(orgFile);
  const diagnostics = [];
  for (const r of declared) diagnostics.push(...(await analyzer.analyze({ kind: r.kind, name: r.name, props: r.inputs })).diagnostics);
  const stack: Resource[] = declared.map((r) => ({ kind: r.kind, name: r.name, props: { ...r.inputs, ...r.outputs } }));
  diagnostics.push(...(await analyzer.analyzeStack(stack)).diagnostics);
  return { declared, diagnostics };
}

describe("examples/org-provisioning", () => {
  it("declares every kind the brief asks for and passes the pack with policy-config.json", async () => {
    await analyzer.configure(JSON.parse(readFileSync(path.join(exampleDir, "policy-config.json"), "utf8")));
    const { declared, diagnostics } = await evaluate("org.yaml");
    expect(new Set(declared.map((r) => r.kind))).toEqual(
      new Set(["Org", "User", "OrgAgent", "OrgRegistry", "GlobalRegistry", "OrgSecret", "Repository", "RepositorySecret", "RepositoryCron"]),
    );
    expect(diagnostics).toEqual([]);
    // Values come from secret config and reach the SDK as Pulumi secrets.
    const secretValue = declared.find((r) => r.kind === "OrgSecret")!.inputs.value as Record<string, unknown>;
    expect(secretValue.value).toBe(SECRET_VALUE);
    expect(secretValue["4dabf18193072939515e22adb298388d"]).toBeDefined();
  }, 90_000);

  it("org.violating.yaml breaks every policy its comments name, without echoing secret values", async () => {
    await analyzer.configure(JSON.parse(readFileSync(path.join(exampleDir, "policy-config.json"), "utf8")));
    const { diagnostics } = await evaluate("org.violating.yaml");
    const byPolicy = diagnostics.map((d) => `${d.policyName}:${d.enforcementLevel}`).sort();
    expect(byPolicy).toEqual([
      "woodpecker-admin-allow-list:mandatory",
      "woodpecker-cron-min-interval:advisory",
      "woodpecker-global-agents:advisory",
      "woodpecker-registry-hosts:mandatory",
      "woodpecker-repository-fork-approval:mandatory",
      "woodpecker-secret-name-pattern:advisory",
      "woodpecker-secret-pull-request-images:mandatory",
      "woodpecker-secret-shadowing:advisory",
      "woodpecker-trusted-repositories:mandatory",
    ]);
    for (const d of diagnostics) expect(d.message).not.toContain(SECRET_VALUE);
  }, 90_000);
});
