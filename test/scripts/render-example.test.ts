// The renderers of scripts/gen/render-example.ts on small examples against the real schema.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { configSecret, ref, setExample, type Example } from "../../provider/engine/example";
import { collectionOf } from "../../provider/engine/listings";
import { functions } from "../../provider/functions/index";
import { allSpecs } from "../../provider/resources/index";
import { renderExample } from "../../scripts/gen/render-example";
import type { PackageSchema } from "../../scripts/gen/schema";
import { repoRoot } from "../../scripts/link-package";

const schema = JSON.parse(readFileSync(path.join(repoRoot, "schema.json"), "utf8")) as PackageSchema;

const example: Example = {
  calls: [{ variable: "org", function: "getOrg", args: { name: "acme" } }],
  resources: [
    { name: "api", kind: "Repository", variable: "repo", inputs: { fullName: "acme/api", trusted: { network: true } } },
    {
      name: "deploy-token",
      kind: "RepositorySecret",
      inputs: { repositoryId: ref("repo", "repositoryId"), name: "deploy_token", value: configSecret("deployToken"), events: ["push", "tag"] },
      dependsOn: ["repo"],
    },
    { name: "builder", kind: "OrgAgent", inputs: { orgId: ref("org", "id"), name: "b" } },
  ],
  exports: { repositoryId: ref("repo", "repositoryId") },
};

describe("renderExample", () => {
  it("TypeScript: the import given, config secrets, references, dependsOn, exports", () => {
    const ts = renderExample(example, "typescript", schema, { tsImport: "pulumi-woodpecker/plugin" });
    expect(ts).toContain('import * as woodpecker from "pulumi-woodpecker/plugin";');
    expect(ts).toContain("const config = new pulumi.Config();");
    expect(ts).toContain('const org = woodpecker.getOrgOutput({ name: "acme" });');
    expect(ts).toContain('const repo = new woodpecker.Repository("api", { fullName: "acme/api", trusted: { network: true } });');
    expect(ts).toContain('value: config.requireSecret("deployToken")');
    expect(ts).toContain("repositoryId: repo.repositoryId");
    expect(ts).toContain("}, { dependsOn: [repo] });");
    // unreferenced resources get no variable
    expect(ts).toContain('new woodpecker.OrgAgent("builder", { orgId: org.id, name: "b" });');
    expect(ts).toContain("export const repositoryId = repo.repositoryId;");
  });

  it("Python: snake_case names, Args classes for object types, options, exports", () => {
    const py = renderExample(example, "python", schema);
    expect(py).toContain("import pulumi_woodpecker as woodpecker");
    expect(py).toContain('org = woodpecker.get_org_output(name="acme")');
    expect(py).toContain('full_name="acme/api"');
    expect(py).toContain("trusted=woodpecker.RepositoryTrustedArgs(network=True)");
    expect(py).toContain("repository_id=repo.repository_id");
    expect(py).toContain('value=config.require_secret("deployToken")');
    expect(py).toContain("opts=pulumi.ResourceOptions(depends_on=[repo])");
    expect(py).toContain('woodpecker.OrgAgent("builder", org_id=org.id, name="b")');
    expect(py).toContain('pulumi.export("repositoryId", repo.repository_id)');
  });

  it("Go: exported names, the wrappers the SDK's types need, Lookup for get<Kind>, DependsOn, errors checked", () => {
    const go = renderExample(example, "go", schema);
    expect(go).toContain('"github.com/pulumi-woodpecker/pulumi-woodpecker/sdk/go/woodpecker"');
    expect(go).toContain('cfg := config.New(ctx, "")');
    expect(go).toContain("org := woodpecker.LookupOrgOutput(ctx, woodpecker.LookupOrgOutputArgs{");
    expect(go).toContain('repo, err := woodpecker.NewRepository(ctx, "api", &woodpecker.RepositoryArgs{');
    expect(go).toMatch(/FullName: +pulumi\.String\("acme\/api"\),/);
    expect(go).toContain("Trusted: woodpecker.RepositoryTrustedArgs{");
    expect(go).toMatch(/Network: +pulumi\.Bool\(true\),/);
    expect(go).toMatch(/RepositoryId: +repo\.RepositoryId,/);
    expect(go).toMatch(/Value: +cfg\.RequireSecret\("deployToken"\),/);
    expect(go).toMatch(/Events: +woodpecker\.WebhookEventArray\{woodpecker\.WebhookEvent\("push"\), woodpecker\.WebhookEvent\("tag"\)\},/);
    expect(go).toContain("}, pulumi.DependsOn([]pulumi.Resource{repo}))");
    // the first discarded result declares err, the next reuses it
    expect(go).toContain('_, err = woodpecker.NewOrgAgent(ctx, "builder"');
    expect(go).toMatch(/OrgId: +org\.Id\(\),/);
    expect(go).toContain('ctx.Export("repositoryId", repo.RepositoryId)');
    expect(go.match(/if err != nil \{/g)).toHaveLength(3);
  });

  it("YAML: logical names in references, config declared secret, invoke, options", () => {
    const text = renderExample(example, "yaml", schema);
    const program = parseYaml(text);
    expect(program.config).toEqual({ deployToken: { type: "string", secret: true } });
    expect(program.variables.org).toEqual({ "fn::invoke": { function: "woodpecker:index:getOrg", arguments: { name: "acme" } } });
    expect(program.resources["deploy-token"]).toEqual({
      type: "woodpecker:index:RepositorySecret",
      properties: { repositoryId: "${api.repositoryId}", name: "deploy_token", value: "${deployToken}", events: ["push", "tag"] },
      options: { dependsOn: ["${api}"] },
    });
    expect(program.resources.builder.properties.orgId).toBe("${org.id}");
    expect(program.outputs).toEqual({ repositoryId: "${api.repositoryId}" });
  });

  it("refuses a reference to an undeclared variable and an input the kind does not have", () => {
    expect(() => renderExample({ exports: { x: ref("nope", "id") } }, "typescript", schema)).toThrow(/nope is referred to but not declared/);
    expect(() => renderExample({ resources: [{ name: "a", kind: "Repository", inputs: { fullname: "x" } }] }, "go", schema)).toThrow(
      /Repository has no input fullname/,
    );
  });
});

describe("set examples", () => {
  it("a <Kind>Set's example is its member's, the member turned into one entry under its key", () => {
    const member = allSpecs.RepositorySecret!.example!;
    const set = setExample(member, "RepositorySecret", collectionOf(allSpecs.RepositorySecret!)!);
    expect(allSpecs.RepositorySecretSet!.example).toEqual(set);
    const declared = set.resources!.find((r) => r.kind === "RepositorySecretSet")!;
    expect(declared.inputs.repositoryId).toEqual(ref("repo", "repositoryId"));
    expect(Object.keys(declared.inputs.secrets as object)).toEqual(["deploy_token"]);
    expect((declared.inputs.secrets as Record<string, Record<string, unknown>>).deploy_token!.value).toEqual(configSecret("deployToken"));
    expect(set.resources!.some((r) => r.kind === "RepositorySecret")).toBe(false);
  });

  it("the Org example declares a repository of the org and waits for it", () => {
    const org = allSpecs.Org!.example!;
    const repo = org.resources!.find((r) => r.kind === "Repository")!;
    expect(repo.inputs.fullName).toMatch(/^acme\//);
    expect(org.resources!.find((r) => r.kind === "Org")).toMatchObject({ inputs: { name: "acme" }, dependsOn: [repo.variable] });
  });

  it("every resource kind and function has one", () => {
    expect(
      Object.values(allSpecs)
        .filter((spec) => !spec.example)
        .map((spec) => spec.kind),
    ).toEqual([]);
    expect(
      Object.values(functions)
        .filter((spec) => !spec.example)
        .map((spec) => spec.name),
    ).toEqual([]);
  });
});

describe("the YAML example of every spec", () => {
  const specs = [
    ...Object.values(allSpecs).map((spec) => [spec.kind, spec.example!] as const),
    ...Object.values(functions).map((spec) => [spec.name, spec.example!] as const),
  ];

  it.each(specs)("%s: parses, declares its config secrets, and uses only the schema's types, inputs and functions", (_, example) => {
    const program = parseYaml(renderExample(example, "yaml", schema)) as {
      config?: Record<string, { type: string; secret: boolean }>;
      variables?: Record<string, { "fn::invoke": { function: string; arguments?: Record<string, unknown> } }>;
      resources?: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    const problems: string[] = [];
    for (const [name, { type, properties }] of Object.entries(program.resources ?? {})) {
      const known = schema.resources[type]?.inputProperties;
      if (!known) problems.push(`${name}: unknown type ${type}`);
      else
        problems.push(
          ...Object.keys(properties)
            .filter((key) => !(key in known))
            .map((key) => `${name}: ${type} has no input ${key}`),
        );
    }
    for (const [name, variable] of Object.entries(program.variables ?? {})) {
      const fn = schema.functions[variable["fn::invoke"].function];
      if (!fn) problems.push(`${name}: unknown function`);
      else
        problems.push(
          ...Object.keys(variable["fn::invoke"].arguments ?? {})
            .filter((key) => !(key in (fn.inputs?.properties ?? {})))
            .map((key) => `${name}: no argument ${key}`),
        );
    }
    expect(problems).toEqual([]);
    const text = JSON.stringify(program);
    for (const [key, declared] of Object.entries(program.config ?? {})) {
      expect(declared).toEqual({ type: "string", secret: true });
      expect(text).toContain(`\${${key}}`);
    }
    expect(Object.keys(program.resources ?? {}).length + Object.keys(program.variables ?? {}).length).toBeGreaterThan(0);
  });
});
