// `pulumi-woodpecker inventory` run as users run it: the built bin as a child process, configured by
// the environment, against the emulator seeded the way a server set up by hand looks.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ts from "typescript";
import { parse } from "yaml";
import { linkPackageInto } from "../scripts/link-package.js";
import { parseId } from "../provider/engine/import.js";
import { setSpecs, specs, specFor } from "../provider/resources/index.js";
import { EmulatorFixture } from "../test/support/emulator.js";
import { seedInventoryServer, total, type SeedCounts } from "../test/support/inventory-seed.js";

const ROOT = resolve(__dirname, "..");
const BIN = join(ROOT, "dist", "cli", "main.js");

let emu: EmulatorFixture;
let cwd: string;
let counts: SeedCounts;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv = { PATH: process.env.PATH, HOME: cwd, WOODPECKER_SERVER: emu.url, WOODPECKER_TOKEN: emu.emulator.adminToken, ...env };
  return new Promise((done) => {
    execFile(process.execPath, [BIN, "inventory", ...args], { cwd, env: childEnv, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const api = async (method: string, path: string, body?: unknown) => {
  const answer = await fetch(`${emu.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${emu.emulator.adminToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
};

beforeAll(async () => {
  emu = await EmulatorFixture.start();
  cwd = mkdtempSync(join(tmpdir(), "inventory-test-"));
  counts = await seedInventoryServer((method, path, body) => emu.control(method, path, body), api, { orgs: 2, reposPerOrg: 3 });
});
afterAll(async () => {
  await emu.close();
  rmSync(cwd, { recursive: true, force: true });
});

const importEntries = (text: string) => (JSON.parse(text) as { resources: { type: string; name: string; id: string }[] }).resources;

/** tsc's errors for a generated program compiled as a user's would be: strict, nodenext, the package resolved through node_modules. */
function typeErrorsOf(program: string, prefix: string): string[] {
  const project = mkdtempSync(join(tmpdir(), prefix));
  try {
    mkdirSync(join(project, "node_modules"));
    symlinkSync(join(ROOT, "node_modules", "@pulumi"), join(project, "node_modules", "@pulumi"));
    linkPackageInto(project);
    writeFileSync(join(project, "index.ts"), program);
    const options = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    };
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([join(project, "index.ts")], options));
    return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

describe("pulumi-woodpecker inventory", () => {
  it("writes an import file with every object the admin token sees, each ID in its kind's format", async () => {
    const result = await run(["--format", "import"]);
    expect(result.stderr).toContain("inventory: listing repositories");
    expect(result.status).toBe(0);
    const entries = importEntries(result.stdout);
    // Every seeded object, plus the two users and the personal orgs the server had before the seed.
    const byKind: Record<string, number> = {};
    for (const entry of entries) byKind[entry.type.split(":")[2]!] = (byKind[entry.type.split(":")[2]!] ?? 0) + 1;
    expect(byKind).toEqual(counts);
    expect(entries.length).toBe(total(counts));
    for (const entry of entries) expect(() => parseId(specFor(entry.type.split(":")[2]!), entry.id)).not.toThrow();
    expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
    expect(entries.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        "org-alice",
        "org-secret-alice-personal_token",
        "repo-team-0-svc-0",
        "secret-team-0-svc-0-deploy_token",
        "registry-team-0-svc-1-ghcr-io",
        "cron-team-1-svc-2-nightly",
        "org-team-0",
        "org-secret-team-1-npm_token",
        "org-registry-team-0-docker-io",
        "global-secret-sonar_token",
        "global-registry-quay-io",
        "agent-runner-gpu",
        "user-dev-3",
        "forge-github-github-example-test",
      ]),
    );
    // The values no API returns: the keys are counted and each one's command is printed (stdout is the file).
    const counted = Number(/(\d+) secret config keys to set/.exec(result.stderr)?.[1]);
    const configLines = result.stderr.split("\n").filter((line) => line.startsWith("pulumi config set --secret "));
    expect(counted).toBeGreaterThan(0);
    expect(configLines).toHaveLength(counted);
    expect(configLines).toContainEqual(expect.stringMatching(/^pulumi config set --secret secret-team-1-svc-0-deploy_token-value '<value>'   # .*write-only/));
    // Forge 1 comes from the server's environment: never managed.
    expect(entries.some((entry) => entry.type === "woodpecker:index:Forge" && entry.id === "1")).toBe(false);
  });

  it("writes a TypeScript program that adopts every object, with references and secret config, and prints the config lines", async () => {
    const out = join(cwd, "index.ts");
    const result = await run(["--format", "ts", "--out", out]);
    expect(result.status).toBe(0);
    const program = readFileSync(out, "utf8");
    expect(program).toContain('import * as woodpecker from "pulumi-woodpecker";');
    expect(program).toMatch(/const repo_team_0_svc_0 = new woodpecker\.Repository\("repo-team-0-svc-0", \{\n {2}fullName: "team-0\/svc-0",/);
    expect(program).toContain(
      'new woodpecker.RepositorySecret("secret-team-0-svc-0-deploy_token", {\n  repositoryId: repo_team_0_svc_0.repositoryId,\n  name: "deploy_token",\n  value: config.requireSecret("secret-team-0-svc-0-deploy_token-value"),',
    );
    expect(program).toContain("orgId: org_team_1.orgId,");
    const adoptable = Object.entries(counts)
      .filter(([kind]) => "adopt" in specFor(kind).inputs)
      .reduce((sum, [, n]) => sum + n, 0);
    expect(program.match(/adopt: true/g)?.length).toBe(adoptable);
    // Write-only values: one config key each, never a value in the program.
    const lines = result.stdout.split("\n").filter((line) => line.startsWith("pulumi config set --secret "));
    expect(lines.length).toBe(
      counts.RepositorySecret! +
        counts.RepositoryRegistry! +
        counts.OrgSecret! +
        counts.OrgRegistry! +
        counts.GlobalSecret! +
        counts.GlobalRegistry! +
        counts.Forge!,
    );
    expect(lines).toContain(
      "pulumi config set --secret registry-team-0-svc-0-registry-example-test-5000-password '<value>'   # registry \"registry.example.test:5000\" of repository 1: password (write-only: no API returns it)",
    );
    expect(program).not.toMatch(/deploy-\d|pw-\d|forge-secret-/);
    expect(result.stderr).toContain(`wrote ${out}`);

    // It compiles as a user's program would: strict, nodenext, the package resolved through node_modules.
    expect(typeErrorsOf(program, "inventory-ts--")).toEqual([]);
  }, 120_000);

  it("writes a Pulumi YAML program for the plugin whose references, config and escaped text Pulumi YAML reads back", async () => {
    const result = await run(["--format", "yaml"]);
    expect(result.status).toBe(0);
    const doc = parse(result.stdout) as {
      config: Record<string, { type: string; secret: boolean }>;
      resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
    };
    expect(Object.keys(doc.resources).length).toBe(total(counts));
    expect(doc.resources["secret-team-1-svc-0-deploy_token"]).toEqual({
      type: "woodpecker:index:RepositorySecret",
      properties: {
        repositoryId: "${repo-team-1-svc-0.repositoryId}",
        name: "deploy_token",
        value: "${secret-team-1-svc-0-deploy_token-value}",
        events: ["push", "tag"],
        images: ["alpine"],
        note: "for the deploy step",
      },
    });
    expect(doc.config["secret-team-1-svc-0-deploy_token-value"]).toEqual({ type: "String", secret: true });
    expect(doc.resources[Object.keys(doc.resources).find((n) => n.startsWith("org-agent-team-0-"))!]!.properties!.orgId).toBe("${org-team-0.orgId}");
    // `${` in a value is a literal for Pulumi YAML only when written `$${`.
    expect(doc.resources["cron-team-0-svc-0-nightly"]!.properties!.variables).toEqual({ TARGET: "$${CI_REPO}-nightly", MODE: "full" });
    // Config lines go to stderr when the program itself is on stdout.
    expect(result.stderr).toContain("pulumi config set --secret secret-team-1-svc-0-deploy_token-value '<value>'");
  });

  it("gives the same file for the same server, in every format", async () => {
    for (const format of ["ts", "yaml", "import"]) {
      const [first, second] = [await run(["--format", format]), await run(["--format", format])];
      expect(first.status).toBe(0);
      expect(second.stdout).toBe(first.stdout);
    }
  });

  describe("--sets: one <Kind>Set per scope for the kinds that have one", () => {
    const setKinds = Object.keys(setSpecs).map((set) => set.replace(/Set$/, ""));
    const scopeOf = (kind: string, id: string) => (specs[kind as keyof typeof specs].list!.scope ? id.split("/")[0]! : "global");

    it("the import file takes each set by its scope's ID, and every other object as before", async () => {
      const singles = importEntries((await run(["--format", "import"])).stdout);
      const result = await run(["--format", "import", "--sets"]);
      expect(result.status).toBe(0);
      const entries = importEntries(result.stdout);
      const kindOf = (entry: { type: string }) => entry.type.split(":")[2]!;
      // The scopes that hold entries of each set kind, from the single-resource file.
      const expected = new Set(singles.filter((e) => setKinds.includes(kindOf(e))).map((e) => `${kindOf(e)}Set ${scopeOf(kindOf(e), e.id)}`));
      expect(new Set(entries.filter((e) => kindOf(e).endsWith("Set")).map((e) => `${kindOf(e)} ${e.id}`))).toEqual(expected);
      expect(entries.filter((e) => kindOf(e).endsWith("Set")).length).toBe(expected.size);
      expect(entries.filter((e) => !kindOf(e).endsWith("Set"))).toEqual(singles.filter((e) => !setKinds.includes(kindOf(e))));
      for (const entry of entries) expect(() => parseId(specFor(kindOf(entry)), entry.id)).not.toThrow();
      expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
      expect(entries).toContainEqual({ type: "woodpecker:index:GlobalSecretSet", name: "global-secrets", id: "global" });
      expect(entries.map((e) => e.name)).toEqual(
        expect.arrayContaining([
          "secrets-team-0-svc-0",
          "registries-team-1-svc-2",
          "crons-team-0-svc-1",
          "org-secrets-team-1",
          "org-registries-team-0",
          "global-registries",
        ]),
      );
      expect(result.stderr).toMatch(/\d+ resources, \d+ secret config keys to set/);
    });

    it("the YAML program declares each scope's entries in one map, write-only values from the same config keys as without --sets", async () => {
      const singles = await run(["--format", "yaml"]);
      const result = await run(["--format", "yaml", "--sets"]);
      expect(result.status).toBe(0);
      const doc = parse(result.stdout) as {
        config: Record<string, { type: string; secret: boolean }>;
        resources: Record<string, { type: string; properties?: Record<string, any> }>;
      };
      expect(doc.resources["secrets-team-1-svc-0"]).toEqual({
        type: "woodpecker:index:RepositorySecretSet",
        properties: {
          repositoryId: "${repo-team-1-svc-0.repositoryId}",
          secrets: {
            deploy_token: { value: "${secret-team-1-svc-0-deploy_token-value}", events: ["push", "tag"], images: ["alpine"], note: "for the deploy step" },
            slack_webhook: expect.objectContaining({ value: "${secret-team-1-svc-0-slack_webhook-value}" }),
          },
        },
      });
      expect(doc.resources["crons-team-0-svc-0"]!.properties!.crons.nightly.variables).toEqual({ TARGET: "$${CI_REPO}-nightly", MODE: "full" });
      expect(doc.resources["org-secrets-team-1"]!.properties!.orgId).toBe("${org-team-1.orgId}");
      expect(Object.values(doc.resources).some((r) => setKinds.some((kind) => r.type === `woodpecker:index:${kind}`))).toBe(false);
      const keys = (text: string) =>
        text
          .split("\n")
          .filter((line) => line.startsWith("pulumi config set --secret "))
          .sort();
      expect(keys(result.stderr)).toEqual(keys(singles.stderr));
      expect(Object.keys(doc.config).sort()).toEqual(Object.keys((parse(singles.stdout) as { config: object }).config).sort());
    });

    it("the TypeScript program adopts each set and compiles", async () => {
      const result = await run(["--format", "ts", "--sets"]);
      expect(result.status).toBe(0);
      const program = result.stdout;
      expect(program).toContain(
        'new woodpecker.RepositorySecretSet("secrets-team-0-svc-0", {\n  repositoryId: repo_team_0_svc_0.repositoryId,\n  secrets: {\n    "deploy_token": {\n      value: config.requireSecret("secret-team-0-svc-0-deploy_token-value"),',
      );
      expect(program).toMatch(/new woodpecker\.GlobalRegistrySet\("global-registries", \{\n {2}registries: \{\n/);
      for (const kind of setKinds) expect(program).not.toContain(`new woodpecker.${kind}(`);
      const sets = program.split("new woodpecker.").filter((block) => /^\w+Set\(/.test(block));
      expect(sets.length).toBeGreaterThan(0);
      for (const block of sets) expect(block).toMatch(/\n {2}adopt: true,\n\}\);/);
      expect(typeErrorsOf(program, "inventory-sets-ts--")).toEqual([]);
    }, 120_000);
  });

  it("--org, --repo and --kinds narrow what is read", async () => {
    const org = importEntries((await run(["--format", "import", "--org", "team-1"])).stdout);
    expect(org.length).toBe(1 + 3 + 3 * 4 + 4); // the org, its repositories and their objects, its own objects
    expect(org.every((entry) => entry.name.includes("team-1"))).toBe(true);
    const repo = await run(["--format", "import", "--repo", "team-0/svc-2"]);
    expect(importEntries(repo.stdout).map((entry) => entry.name)).toEqual([
      "repo-team-0-svc-2",
      "secret-team-0-svc-2-deploy_token",
      "secret-team-0-svc-2-slack_webhook",
      "registry-team-0-svc-2-registry-example-test-5000",
      "cron-team-0-svc-2-nightly",
    ]);
    expect(repo.stderr).toContain("global objects (forges, users, global secrets and registries, global agents) were left out");
    const kinds = importEntries((await run(["--format", "import", "--kinds", "GlobalSecret,Agent"])).stdout);
    expect(kinds.map((entry) => entry.type.split(":")[2]).sort()).toEqual([
      ...Array(counts.Agent).fill("Agent"),
      ...Array(counts.GlobalSecret).fill("GlobalSecret"),
    ]);
    const bad = await run(["--kinds", "Secret"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--kinds: unknown kind "Secret"; known kinds: Repository');
  });

  it("a token without admin rights gets what it can read and a note of what it skipped and why", async () => {
    const result = await run(["--format", "import"], { WOODPECKER_TOKEN: emu.emulator.userToken });
    expect(result.status).toBe(0);
    const entries = importEntries(result.stdout);
    // alice pushes to team-0's repositories and is a member, not an admin, of team-0.
    expect(entries.filter((entry) => entry.type.endsWith(":Repository")).map((entry) => entry.name)).toEqual([
      "repo-team-0-svc-0",
      "repo-team-0-svc-1",
      "repo-team-0-svc-2",
    ]);
    expect(entries.filter((entry) => entry.type.endsWith(":RepositorySecret")).length).toBe(6);
    expect(entries.filter((entry) => entry.type.endsWith(":GlobalSecret")).length).toBe(counts.GlobalSecret);
    expect(entries.some((entry) => /:(Forge|User|Agent)$/.test(entry.type))).toBe(false);
    // team-0, of which she is a member, and her own personal org; org secrets only of the latter, which she may manage.
    expect(entries.filter((entry) => /:(Org|OrgSecret)$/.test(entry.type)).map((entry) => entry.name)).toEqual([
      "org-team-0",
      "org-alice",
      "org-secret-alice-personal_token",
    ]);
    expect(result.stderr).toContain("not an instance admin");
    expect(result.stderr).toContain("note: skipped User objects: listing them needs an instance admin token");
    expect(result.stderr).toMatch(/note: skipped OrgSecret objects of organization "team-0": the server answered 403/);
  });

  describe("bad input ends with a clear message and no file", () => {
    it("an unreachable server", async () => {
      const port = await new Promise<number>((done) => {
        const server = createServer().listen(0, "127.0.0.1", () => {
          const { port } = server.address() as { port: number };
          server.close(() => done(port));
        });
      });
      const out = join(cwd, "unreachable.ts");
      const result = await run(["--out", out], { WOODPECKER_SERVER: `http://127.0.0.1:${port}` });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`cannot reach the server at http://127.0.0.1:${port}`);
      expect(result.stderr).toContain("Nothing was written.");
      expect(existsSync(out)).toBe(false);
    });

    it("a bad token, which never appears in the message", async () => {
      const out = join(cwd, "bad-token.yaml");
      const token = "not-a-valid-token-4a7c91";
      const result = await run(["--format", "yaml", "--out", out], { WOODPECKER_TOKEN: token });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("refused the token (401)");
      expect(result.stderr + result.stdout).not.toContain(token);
      expect(existsSync(out)).toBe(false);
    });

    it("an output path that exists, unless --force; no temp file is left behind", async () => {
      const out = join(cwd, "existing.json");
      writeFileSync(out, "keep me\n");
      const refused = await run(["--format", "import", "--out", out]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("existing.json already exists: choose another --out path, or pass --force to replace it");
      expect(readFileSync(out, "utf8")).toBe("keep me\n");
      const forced = await run(["--format", "import", "--out", out, "--force"]);
      expect(forced.status).toBe(0);
      expect(importEntries(readFileSync(out, "utf8")).length).toBe(total(counts));
      expect(readdirSync(cwd).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    });

    it("no server configured, and a malformed option", async () => {
      const unset = await run([], { WOODPECKER_SERVER: "" });
      expect(unset.status).toBe(1);
      expect(unset.stderr).toContain("The Woodpecker server is not configured");
      const format = await run(["--format", "json"]);
      expect(format.status).toBe(2);
      expect(format.stderr).toContain('--format must be one of ts, yaml, import, got "json"');
    });
  });

  it("names that clash get -2 in ID order, and objects adopt cannot tell apart are noted", async () => {
    const twin = await api("POST", "/agents", { name: "runner-a" });
    try {
      const result = await run(["--format", "import", "--kinds", "Agent"]);
      const names = importEntries(result.stdout).map((entry) => [entry.name, entry.id]);
      expect(names).toContainEqual(["agent-runner-a-2", String(twin.id)]);
      expect(names.find(([name]) => name === "agent-runner-a")![1]).not.toBe(String(twin.id));
      expect(result.stderr).toMatch(/note: 2 Agent objects share name \(agent "runner-a", IDs \d+, \d+\): adopt cannot tell them apart/);
    } finally {
      await api("DELETE", `/agents/${twin.id}`);
    }
  });

  it("covers every kind", () => {
    expect(Object.keys(counts).sort()).toEqual(Object.keys(specs).sort());
  });
});
