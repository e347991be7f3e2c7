// The packed package installed into a program that already depends on another @pulumi/pulumi of the
// supported range (the range's lower bound): npm keeps the program's one copy (the package declares it
// as a peer), and the program's Outputs and the package's resources are one another's: isInstance holds
// across them and a secret made by the program reaches the provider as a secret. Under Pulumi's mocks,
// so no CLI is needed; npm install needs the registry.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/e2e/real-server";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
const oldest = /^>=(\d+\.\d+\.\d+)/.exec(pkg.peerDependencies["@pulumi/pulumi"])![1]!;

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const sent = {};
pulumi.runtime.setMocks({
  newResource: (args) => { sent[args.name] = args.inputs; return { id: args.name + "-id", state: args.inputs }; },
  call: () => ({}),
}, "project", "stack", false);
const dynamic = require("pulumi-woodpecker");
const plugin = require("pulumi-woodpecker/plugin");
const repo = new plugin.Repository("repo", { fullName: "acme/api" });
const secret = new plugin.RepositorySecret("secret", { repositoryId: repo.repositoryId, name: "token", value: pulumi.secret("s3cret"), events: ["push"] });
const dyn = new dynamic.Org("org", { name: "acme" });
Promise.all([secret.urn.promise(), dyn.urn.promise()]).then(async () => {
  const isSecret = await pulumi.isSecret(secret.value);
  console.log(JSON.stringify({
    sdk: require("@pulumi/pulumi/package.json").version,
    resource: pulumi.CustomResource.isInstance(repo) && pulumi.CustomResource.isInstance(dyn) && pulumi.Resource.isInstance(secret),
    classes: plugin.Repository.isInstance(repo) && dynamic.Org.isInstance(dyn) && !plugin.Repository.isInstance(dyn),
    output: pulumi.Output.isInstance(repo.repositoryId) && pulumi.Output.isInstance(dyn.orgId),
    secretSent: JSON.stringify(sent.secret.value),
    secretOutput: isSecret,
  }));
});
`;

describe(`the packed package in a program that depends on @pulumi/pulumi ${oldest}`, () => {
  const root = mkdtempSync(join(tmpdir(), "peer-sdk-"));
  const program = join(root, "program");

  beforeAll(() => {
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", root], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
    execFileSync("mkdir", ["-p", program]);
    writeFileSync(join(program, "package.json"), JSON.stringify({ name: "peer-test", private: true }));
    writeFileSync(join(program, "index.js"), PROGRAM);
    const npm = (...args: string[]) =>
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", ...args], { cwd: program, stdio: "pipe", timeout: 5 * 60_000 });
    npm(`@pulumi/pulumi@${oldest}`);
    npm(join(root, tarball));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("has one copy of @pulumi/pulumi in the tree: the program's", () => {
    const tree = JSON.parse(execFileSync("npm", ["ls", "@pulumi/pulumi", "--all", "--json"], { cwd: program, encoding: "utf8" }));
    const copies = new Set<string>();
    const walk = (deps: Record<string, any> = {}) => {
      for (const [name, dep] of Object.entries(deps)) {
        if (name === "@pulumi/pulumi") copies.add(dep.version);
        walk(dep.dependencies);
      }
    };
    walk(tree.dependencies);
    expect([...copies]).toEqual([oldest]);
    expect(tree.dependencies["pulumi-woodpecker"].dependencies["@pulumi/pulumi"]).toMatchObject({ version: oldest });
    expect(execFileSync("find", ["node_modules", "-path", "*/@pulumi/pulumi/package.json"], { cwd: program, encoding: "utf8" }).trim().split("\n")).toEqual([
      "node_modules/@pulumi/pulumi/package.json",
    ]);
  });

  it("isInstance of the package's resources and Outputs holds in the program, and its secrets stay secrets", () => {
    const out = JSON.parse(execFileSync(process.execPath, ["index.js"], { cwd: program, encoding: "utf8", timeout: 120_000 }).trim().split("\n").pop()!);
    expect(out).toEqual({ sdk: oldest, resource: true, classes: true, output: true, secretSent: expect.stringContaining("s3cret"), secretOutput: true });
  });
});
