// examples/kubernetes-operator cannot run here (no cluster): its manifests are kept honest instead.
// Every document parses; Stack and Program use only fields of the operator's CRDs (the list in
// test/support/operator-crds.ts); the Program is examples/gitops-yaml with a plugin version on every
// resource, its type tokens and properties are schema.json's; the Stacks give it every config key it
// needs; the workspace image has Node for the plugin. test/e2e/operator-program.cli.test.ts runs it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { API_VERSION, CRD_FIELDS, PROGRAM_CONFIG_TYPES, RESOURCE_REF_TYPES, SHARE_VOLUME, type KindFields } from "./support/operator-crds";

const root = path.resolve(__dirname, "..");
const dir = path.join(root, "examples", "kubernetes-operator");
const schema = JSON.parse(readFileSync(path.join(root, "schema.json"), "utf8"));
const version = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version as string;

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [key: string]: any };
const manifests = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
const docs: Array<{ file: string; doc: Doc }> = manifests.flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(dir, file), "utf8")).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join("; ")}`);
    return { file, doc: d.toJS() as Doc };
  }),
);
const ofKind = (kind: string) => docs.filter((d) => d.doc.kind === kind).map((d) => d.doc);
const program = ofKind("Program")[0]!;
const stacks = ofKind("Stack");

/** Every path in a value, as the CRD list spells them: map keys of a known map as `*`, list items as `[]`. */
function paths(value: unknown, fields: KindFields, at = ""): string[] {
  if (fields.open.some((open) => at === open)) return [];
  if (Array.isArray(value)) return value.flatMap((item) => paths(item, fields, `${at}[]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const named = at ? `${at}.${key}` : key;
    const wildcard = `${at}.*`;
    const isMap = fields.fields.some((f) => f.startsWith(`${wildcard}.`)) || fields.open.some((f) => f === wildcard || f.startsWith(`${wildcard}.`));
    const here = isMap && !fields.fields.includes(named) ? wildcard : named;
    return [here, ...paths(child, fields, here)];
  });
}

describe("examples/kubernetes-operator", () => {
  it("every manifest parses, and each names a kind and an apiVersion", () => {
    expect(manifests.sort()).toEqual(["program.yaml", "secrets.yaml", "stack-git.yaml", "stack-program.yaml"]);
    for (const { file, doc } of docs) {
      expect(doc.apiVersion, file).toMatch(/\S/);
      expect(doc.kind, file).toMatch(/\S/);
      expect(doc.metadata.name, file).toMatch(/^[a-z0-9-]+$/);
    }
    expect(docs.map((d) => `${d.doc.apiVersion} ${d.doc.kind}`).sort()).toEqual([
      "pulumi.com/v1 Program",
      "pulumi.com/v1 Stack",
      "pulumi.com/v1 Stack",
      "v1 Secret",
      "v1 Secret",
      "v1 ServiceAccount",
    ]);
  });

  it("Stack and Program use only fields the operator's CRDs define, with valid selector and config types", () => {
    for (const doc of [...stacks, program]) {
      expect(doc.apiVersion).toBe(API_VERSION);
      const fields = CRD_FIELDS[doc.kind as "Stack" | "Program"];
      const { apiVersion: _a, kind: _k, metadata: _m, ...body } = doc;
      const used = paths(body, fields);
      expect(
        used.filter((p) => !fields.fields.includes(p)),
        `${doc.kind} ${doc.metadata.name}`,
      ).toEqual([]);
      for (const required of fields.required) expect(used, `${doc.kind} ${doc.metadata.name} needs ${required}`).toContain(required);
    }
    for (const stack of stacks)
      for (const ref of [...Object.values(stack.spec.envRefs ?? {}), ...Object.values(stack.spec.secretsRef ?? {})] as Array<{ type: string }>)
        expect(RESOURCE_REF_TYPES).toContain(ref.type);
    for (const config of Object.values(program.program.configuration) as Array<{ type: string }>) expect(PROGRAM_CONFIG_TYPES).toContain(config.type);
  });

  it("the Program's resource types are schema.json's, with properties each resource has, at the package version", () => {
    const resources = Object.entries(program.program.resources) as Array<[string, { type: string; properties: object; options: { version: string } }]>;
    expect(resources.length).toBeGreaterThan(0);
    for (const [name, resource] of resources) {
      const spec = schema.resources[resource.type];
      expect(spec, `${name}: ${resource.type}`).toBeDefined();
      expect(
        Object.keys(resource.properties).filter((p) => !(p in spec.inputProperties)),
        `${name}: ${resource.type}`,
      ).toEqual([]);
      for (const required of spec.requiredInputs ?? []) expect(Object.keys(resource.properties), `${name} needs ${required}`).toContain(required);
      expect(resource.options.version, name).toBe(version);
    }
  });

  it("the Program is examples/gitops-yaml: the same resources and outputs, the plugin version added", () => {
    const gitops = parse(readFileSync(path.join(root, "examples", "gitops-yaml", "Pulumi.yaml"), "utf8"));
    const withoutVersion = Object.fromEntries(
      Object.entries(program.program.resources as Record<string, { options: Record<string, unknown> }>).map(([name, r]) => {
        const { version: _v, ...options } = r.options;
        return [name, Object.keys(options).length ? { ...r, options } : (({ options: _o, ...rest }) => rest)(r)];
      }),
    );
    expect(withoutVersion).toEqual(gitops.resources);
    expect(program.program.outputs).toEqual(gitops.outputs);
    expect(Object.keys(program.program.configuration).sort()).toEqual(Object.keys(gitops.config).sort());
  });

  it("each Stack gives the program every config key it has no default for, the token from a Secret, and a Node image", () => {
    const secretNames = new Set(ofKind("Secret").map((s) => s.metadata.name));
    const secretKeys = new Map(ofKind("Secret").map((s) => [s.metadata.name, Object.keys(s.stringData)]));
    const needed = Object.entries(program.program.configuration as Record<string, { default?: unknown }>)
      .filter(([, c]) => c.default === undefined)
      .map(([key]) => key);
    for (const stack of stacks) {
      const given = [...Object.keys(stack.spec.config ?? {}), ...Object.keys(stack.spec.secretsRef ?? {})];
      expect(given, stack.metadata.name).toEqual(expect.arrayContaining([...needed, "woodpecker:server", "woodpecker:token"]));
      expect(stack.spec.config ?? {}, "the token is never inline config").not.toHaveProperty("woodpecker:token");
      for (const ref of Object.values(stack.spec.secretsRef) as Array<{ secret: { name: string; key: string } }>) {
        expect(secretNames.has(ref.secret.name), ref.secret.name).toBe(true);
        expect(secretKeys.get(ref.secret.name)).toContain(ref.secret.key);
      }
      expect(stack.spec.workspaceTemplate.spec.image).toMatch(/^pulumi\/pulumi:3\.\d+\.\d+/);
      expect(stack.spec.serviceAccountName).toBe(ofKind("ServiceAccount")[0]!.metadata.name);
    }
    const fromProgram = stacks.find((s) => s.spec.programRef)!;
    expect(fromProgram.spec.programRef.name).toBe(program.metadata.name);
    // the CLI downloads the plugin from package.json's pulumi.server
    const server = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).pulumi.server as string;
    // the override matches the URL the CLI tries for a plugin named woodpecker without a download URL
    // (fallbackSource in sdk/go/common/workspace/plugins.go of pulumi/pulumi) and sends it there
    const [pattern, target] = (fromProgram.spec.envRefs.PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES.literal.value as string).split("=");
    expect(new RegExp(pattern!).test("github://api.github.com/pulumi/pulumi-woodpecker")).toBe(true);
    expect(new RegExp(pattern!).test("github://api.github.com/pulumi/pulumi-woodpecker-extra")).toBe(false);
    expect(target).toBe(server);
    const fromGit = stacks.find((s) => s.spec.projectRepo)!;
    expect(fromGit.spec.repoDir).toBe("examples/gitops-yaml");
    const install = fromGit.spec.workspaceTemplate.spec.podTemplate.spec.initContainers[0];
    expect(install.volumeMounts).toEqual([{ name: SHARE_VOLUME, mountPath: "/share" }]);
    expect(install.command.join(" ")).toContain(`pulumi-woodpecker@${version}`);
  });

  it("the README says what the workspace needs", () => {
    const readme = readFileSync(path.join(dir, "README.md"), "utf8");
    expect(readme).toMatch(/Node(\.js)? ≥ 20/);
    expect(readme).toContain("PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES");
    expect(readme).toContain("v2.9.0");
  });
});
