// The reference pages' Pulumi YAML examples run by the REAL Pulumi CLI with the YAML language host
// through the provider plugin, each on a fresh emulator: the Org page's (a repository of the org,
// then the Org waiting for it) and the overview's (docs/_index.md: a repository and a secret from
// secret config). The programs are read from the generated pages, as a user would copy them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { ExampleStack, exampleStack, leaks, summary } from "./example-stack";

const PLUGIN = "plugins:\n  providers:\n    - name: woodpecker\n      path: ./node_modules/pulumi-woodpecker/bin\n";

/** The page's YAML example, in its own project folder, with the plugin found in the package. */
function yamlProject(page: string, edit: (yaml: string) => string = (yaml) => yaml): string {
  const text = readFileSync(join(REPO_ROOT, "docs", page), "utf8");
  const yaml = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
  expect(yaml, `${page} has no YAML example`).toBeTruthy();
  const dir = mkdtempSync(join(tmpdir(), "doc-example-"));
  dirs.push(dir);
  writeFileSync(join(dir, "Pulumi.yaml"), edit(yaml!).replace(/^runtime: yaml\n/m, `runtime: yaml\n${PLUGIN}`));
  return dir;
}

const dirs: string[] = [];
const stacks: ExampleStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function stackOf(dir: string): Promise<ExampleStack> {
  const s = await exampleStack(dir, { yaml: true });
  stacks.push(s);
  return s;
}

describe("the docs' YAML examples with the real CLI against a fresh emulator", () => {
  it("Org: the repository is activated first, so the org exists when the Org looks it up", async () => {
    const s = await stackOf(yamlProject("resources/Org.md"));
    expect(await s.api("GET", "/orgs/lookup/acme").catch((error: Error) => error.message)).toMatch(/404/);
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toEqual({ create: 3 }); // the repository, the org and the stack
    const { orgId } = await s.outputs();
    expect((await s.api("GET", "/orgs/lookup/acme")).id).toBe(orgId);
    await s.pulumi("preview", "--expect-no-changes");
    await s.pulumi("destroy", "--yes", "--skip-preview");
  });

  it("Org: without the repository it waits for, the same Org fails on a fresh server with the error asking for dependsOn", async () => {
    const withoutRepository = (yaml: string) => yaml.replace(/^  api:\n(?: {4}.*\n)+/m, "").replace(/^ {4}options:\n {6}dependsOn:\n(?: {8}- .*\n)+/m, "");
    const dir = yamlProject("resources/Org.md", withoutRepository);
    expect(readFileSync(join(dir, "Pulumi.yaml"), "utf8")).not.toMatch(/type: woodpecker:index:Repository|dependsOn/);
    const s = await stackOf(dir);
    const r = await s.attempt("up", "--yes", "--skip-preview");
    expect(r.ok, r.output).toBe(false);
    expect(r.output).toContain("no such organization on the server");
    expect(r.output).toContain("declare a Repository of it and make this Org depend on it");
  });

  it("_index: the repository and its secret from secret config, the value a secret in state", async () => {
    const s = await stackOf(yamlProject("_index.md"));
    const canary = "doc-example-deploy-canary-51f2";
    await s.pulumi("config", "set", "--secret", "deployToken", canary);
    const out = await s.pulumi("up", "--yes", "--skip-preview");
    expect(summary(out)).toEqual({ create: 3 });
    const repo = await s.api("GET", "/repos/lookup/acme/api");
    expect((await s.api("GET", `/repos/${repo.id}/secrets`)).map((x: { name: string }) => x.name)).toEqual(["deploy_token"]);
    const stored = (await s.control("GET", "state")).secrets.find((x: { name: string; repo_id: number }) => x.name === "deploy_token");
    expect(stored.value).toBe(canary);
    expect(leaks(await s.exportText(), s.emu.adminToken, [canary])).toEqual([]);
    await s.pulumi("destroy", "--yes", "--skip-preview");
    expect((await s.api("GET", `/repos/${repo.id}/secrets`)) ?? []).toEqual([]);
  });
});
