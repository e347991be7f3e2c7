// The round trip of `pulumi-woodpecker inventory` with the REAL Pulumi CLI: an emulator seeded with
// 300+ objects of every kind, set up by hand through the API; inventory; then each output taken up
// by its face.
//   (a) the TypeScript program, dynamic provider: every resource adopts its object.
//   (b) the import file and the Pulumi YAML program, provider plugin: `pulumi import --file` takes the
//       objects into state (it reads only), then `up` of the YAML program sends the write-only values.
//       (The YAML `import` resource option is not used: Pulumi refuses an import whose inputs differ
//       from the object's, and write-only values always differ, since no API returns them.)
//   (c), (d) the same with --sets: one <Kind>Set per scope holds its entries.
// Each time: preview creates, changes and deletes nothing on the server; up creates and deletes
// nothing (only updates, of write-only values); refresh and `preview --expect-no-changes` pass; the
// server's objects are the same before and after field for field, except the write-only values,
// which are now the ones set from config; nothing is duplicated.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { linkPackageInto } from "../../scripts/link-package";
import { seedInventoryServer, total, type SeedCounts } from "../support/inventory-seed";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const BIN = join(REPO_ROOT, "dist", "cli", "main.js");
const SIZE = { orgs: 4, reposPerOrg: 13 };
/** Fields no API returns: the only ones allowed to change, to the values set from config. */
const WRITE_ONLY: Record<string, string> = { secrets: "value", registries: "password", forges: "oauth_client_secret" };
/** The only writes an adopting `up` may send: the write-only values of secrets, registries and forges. */
const WRITES_OF_WRITE_ONLY = /^(PATCH|PUT) \/api\/(.*\/)?(secrets|registries|forges)\/[^/]+ 200$/;
const COLLECTIONS = ["repos", "orgs", "secrets", "registries", "crons", "agents", "users", "forges"];

interface Logged {
  method: string;
  path: string;
  status: number;
}

function inventory(s: ExampleStack, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [BIN, "inventory", ...args],
      {
        cwd: tmpdir(), // outside any Pulumi project: configured by the environment only
        env: { PATH: process.env.PATH, WOODPECKER_SERVER: s.emu.url, WOODPECKER_TOKEN: s.emu.adminToken },
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => (error ? fail(new Error(`inventory ${args.join(" ")}: ${error.message}\n${stderr}`)) : done({ stdout, stderr })),
    );
  });
}

/** The server's objects by collection, each keyed by id, write-only fields apart. */
async function snapshot(s: ExampleStack): Promise<{ objects: Record<string, Record<string, unknown>>; writeOnly: Record<string, Record<string, unknown>> }> {
  const state = await s.control("GET", "state");
  const objects: Record<string, Record<string, unknown>> = {};
  const writeOnly: Record<string, Record<string, unknown>> = {};
  for (const collection of COLLECTIONS) {
    const rows = state[collection] as Record<string, unknown>[] | Record<string, Record<string, unknown>>;
    objects[collection] = {};
    writeOnly[collection] = {};
    for (const row of Array.isArray(rows) ? rows : Object.values(rows)) {
      const { [WRITE_ONLY[collection] ?? ""]: hidden, ...rest } = row;
      // A forge update replaces every field (pinned: test/conformance/cases.ts, "forge PATCH replaces every field"), so the provider sends its options
      // declared or not: the server then stores {} where it had null, which its API means alike (absentAs).
      if (collection === "forges" && rest.additional_options === null) rest.additional_options = {};
      objects[collection]![String(row.id)] = rest;
      if (WRITE_ONLY[collection]) writeOnly[collection]![String(row.id)] = hidden;
    }
  }
  return { objects, writeOnly };
}

/** Requests that would create or delete an object, or any write at all when `anyWrite`. */
async function writes(s: ExampleStack, anyWrite: boolean): Promise<string[]> {
  const log = (await s.control("GET", "requests")) as Logged[];
  return log.filter((r) => r.method === "DELETE" || r.method === "POST" || (anyWrite && r.method !== "GET")).map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** Sets every secret config key the inventory printed, in one call, to a value derived from the key. */
async function setSecretConfig(s: ExampleStack, printed: string): Promise<Map<string, string>> {
  const keys = [...printed.matchAll(/^pulumi config set --secret (\S+) '<value>'/gm)].map((m) => m[1]!);
  const values = new Map(keys.map((key) => [key, `from-config-${key}`]));
  await s.pulumi("config", "set-all", ...[...values].flatMap(([key, value]) => ["--secret", `${key}=${value}`]));
  return values;
}

/** A project folder outside the repository, with the repository's packages linked in as an `npm install` would put them. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "inventory-e2e-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(REPO_ROOT, "node_modules")))
    if (!name.startsWith(".")) symlinkSync(join(REPO_ROOT, "node_modules", name), join(dir, "node_modules", name));
  linkPackageInto(dir);
  return dir;
}

describe("pulumi-woodpecker inventory round trip with the real CLI", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  async function seeded(dir: string, yaml: boolean): Promise<{ s: ExampleStack; counts: SeedCounts }> {
    const s = await exampleStack(dir, { yaml });
    cleanup.push(async () => {
      await s.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const counts = await seedInventoryServer(
      (m, p, b) => s.control(m, p, b),
      (m, p, b) => s.api(m, p, b),
      SIZE,
    );
    expect(total(counts)).toBeGreaterThanOrEqual(300);
    return { s, counts };
  }

  /** After up: same objects field for field, write-only values from config, refresh and no changes. */
  async function settle(s: ExampleStack, before: Awaited<ReturnType<typeof snapshot>>, values: Map<string, string>) {
    const after = await snapshot(s);
    expect(after.objects).toEqual(before.objects);
    const setValues = new Set(values.values());
    for (const [collection, rows] of Object.entries(after.writeOnly)) {
      for (const [id, value] of Object.entries(rows)) {
        // Forge 1 comes from the server's environment and is left alone; every other forge client
        // secret, secret value and registry password now comes from config.
        if (collection === "forges" && id === "1") expect(value).toBe(before.writeOnly.forges!["1"]);
        else expect(setValues.has(String(value)), `${collection} ${id}: write-only value ${JSON.stringify(value)} was not set from config`).toBe(true);
      }
    }
    await s.control("DELETE", "requests");
    await s.pulumi("refresh", "--yes", "--skip-preview");
    await s.pulumi("preview", "--expect-no-changes");
    expect(await writes(s, true)).toEqual([]);
    expect((await snapshot(s)).objects).toEqual(before.objects);
    expect(leaks(await s.exportText(), s.emu.adminToken, [...values.values()])).toEqual([]);
  }

  it(
    "(a) the TypeScript program adopts every object through the dynamic provider",
    async () => {
      const dir = project({
        "Pulumi.yaml": "name: inventory-ts\nruntime: nodejs\ndescription: written by pulumi-woodpecker inventory\n",
        "package.json": JSON.stringify({ name: "inventory-ts", private: true, main: "index.ts" }),
      });
      const { s, counts } = await seeded(dir, false);
      const before = await snapshot(s);
      const { stdout, stderr } = await inventory(s, ["--format", "ts", "--out", join(dir, "index.ts")]);
      expect(stderr).toContain("inventory: listing repositories");
      const values = await setSecretConfig(s, stdout);
      expect(values.size).toBe(
        counts.RepositorySecret! +
          counts.RepositoryRegistry! +
          counts.OrgSecret! +
          counts.OrgRegistry! +
          counts.GlobalSecret! +
          counts.GlobalRegistry! +
          counts.Forge!,
      );
      expect(readFileSync(join(dir, "index.ts"), "utf8").match(/adopt: true/g)?.length).toBe(total(counts) - counts.Org!);

      await s.control("DELETE", "requests");
      const preview = await s.pulumi("preview");
      expect(summary(preview)).toEqual({ create: total(counts) + 1 }); // every object, and the stack
      expect(await writes(s, true)).toEqual([]);

      const up = await s.pulumi("up", "--yes", "--skip-preview");
      expect(summary(up)).toEqual({ create: total(counts) + 1 });
      expect(await writes(s, false)).toEqual([]); // adopted: no POST, no DELETE, only PATCHes of write-only values
      expect((await writes(s, true)).filter((write) => !WRITES_OF_WRITE_ONLY.test(write))).toEqual([]);
      await settle(s, before, values);
    },
    20 * 60_000,
  );

  it(
    "(b) the import file and the Pulumi YAML program take every object over through the plugin",
    async () => {
      const dir = project({
        "Pulumi.yaml":
          "name: inventory-yaml\nruntime: yaml\ndescription: written by pulumi-woodpecker inventory\nplugins:\n  providers:\n    - name: woodpecker\n      path: ./node_modules/pulumi-woodpecker/bin\n",
        "package.json": JSON.stringify({ name: "inventory-yaml", private: true }),
      });
      const { s, counts } = await seeded(dir, true);
      const before = await snapshot(s);
      const { stdout } = await inventory(s, ["--format", "yaml", "--out", join(dir, "Main.yaml")]);
      await inventory(s, ["--format", "import", "--out", join(dir, "import.json")]);
      const values = await setSecretConfig(s, stdout);

      await s.control("DELETE", "requests");
      const imported = await s.pulumi("import", "--file", join(dir, "import.json"), "--yes", "--generate-code=false", "--protect=false");
      expect(imported).toMatch(new RegExp(`${total(counts)} imported`));
      expect(await writes(s, true)).toEqual([]);

      const preview = await s.pulumi("preview", "--diff");
      // Only the write-only values no import can read: secret values, registry passwords, forge client secrets.
      expect(summary(preview)).toEqual({ update: values.size, same: total(counts) - values.size + 1 });
      expect(await writes(s, true)).toEqual([]);

      const up = await s.pulumi("up", "--yes", "--skip-preview");
      expect(summary(up)).toMatchObject({ update: values.size });
      expect(await writes(s, false)).toEqual([]);
      await settle(s, before, values);
    },
    20 * 60_000,
  );
  it(
    "(c) with --sets, the TypeScript program adopts every scope's entries as one set through the dynamic provider",
    async () => {
      const dir = project({
        "Pulumi.yaml": "name: inventory-ts-sets\nruntime: nodejs\ndescription: written by pulumi-woodpecker inventory --sets\n",
        "package.json": JSON.stringify({ name: "inventory-ts-sets", private: true, main: "index.ts" }),
      });
      const { s, counts } = await seeded(dir, false);
      const before = await snapshot(s);
      const { stdout } = await inventory(s, ["--format", "ts", "--sets", "--out", join(dir, "index.ts")]);
      const program = readFileSync(join(dir, "index.ts"), "utf8");
      const resources = program.match(/new woodpecker\.\w+\(/g)!;
      const sets = resources.filter((line) => line.endsWith("Set("));
      expect(sets.length).toBeGreaterThan(0);
      expect(resources.length).toBeLessThan(total(counts));
      const values = await setSecretConfig(s, stdout);
      expect(values.size).toBe(
        counts.RepositorySecret! +
          counts.RepositoryRegistry! +
          counts.OrgSecret! +
          counts.OrgRegistry! +
          counts.GlobalSecret! +
          counts.GlobalRegistry! +
          counts.Forge!,
      );

      await s.control("DELETE", "requests");
      const preview = await s.pulumi("preview");
      expect(summary(preview)).toEqual({ create: resources.length + 1 });
      expect(await writes(s, true)).toEqual([]);

      const up = await s.pulumi("up", "--yes", "--skip-preview");
      expect(summary(up)).toEqual({ create: resources.length + 1 });
      expect(await writes(s, false)).toEqual([]); // adopted entry by entry: no POST, no DELETE
      expect((await writes(s, true)).filter((write) => !WRITES_OF_WRITE_ONLY.test(write))).toEqual([]);
      await settle(s, before, values);
    },
    20 * 60_000,
  );

  it(
    "(d) with --sets, the import file and the Pulumi YAML program take every scope over as one set through the plugin",
    async () => {
      const dir = project({
        "Pulumi.yaml":
          "name: inventory-yaml-sets\nruntime: yaml\ndescription: written by pulumi-woodpecker inventory --sets\nplugins:\n  providers:\n    - name: woodpecker\n      path: ./node_modules/pulumi-woodpecker/bin\n",
        "package.json": JSON.stringify({ name: "inventory-yaml-sets", private: true }),
      });
      const { s, counts } = await seeded(dir, true);
      const before = await snapshot(s);
      const { stdout } = await inventory(s, ["--format", "yaml", "--sets", "--out", join(dir, "Main.yaml")]);
      await inventory(s, ["--format", "import", "--sets", "--out", join(dir, "import.json")]);
      const entries = (JSON.parse(readFileSync(join(dir, "import.json"), "utf8")) as { resources: { type: string }[] }).resources;
      expect(entries.length).toBeLessThan(total(counts));
      // The resources holding write-only values no import can read: sets of secrets and registries, and forges.
      const holdingWriteOnly = entries.filter((entry) => /(Secret|Registry)Set$|:Forge$/.test(entry.type)).length;
      const values = await setSecretConfig(s, stdout);

      await s.control("DELETE", "requests");
      const imported = await s.pulumi("import", "--file", join(dir, "import.json"), "--yes", "--generate-code=false", "--protect=false");
      expect(imported).toMatch(new RegExp(`${entries.length} imported`));
      expect(await writes(s, true)).toEqual([]);

      const preview = await s.pulumi("preview", "--diff");
      expect(summary(preview)).toEqual({ update: holdingWriteOnly, same: entries.length - holdingWriteOnly + 1 });
      expect(await writes(s, true)).toEqual([]);

      const up = await s.pulumi("up", "--yes", "--skip-preview");
      expect(summary(up)).toMatchObject({ update: holdingWriteOnly });
      expect(await writes(s, false)).toEqual([]);
      await settle(s, before, values);
    },
    20 * 60_000,
  );
});
