import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { stringify as yamlScalar } from "yaml";
import { isConfigSecret, isRef, variableOf, type Example, type Value } from "../../provider/engine/example.js";
import { pluginTypeToken } from "../../provider/engine/spec.js";
import { functionToken } from "../../provider/functions/spec.js";
import type { PackageSchema } from "./schema.js";
import type { TypeSpec } from "./typespec.js";

/**
 * A spec's language-neutral example (provider/engine/example.ts) as a whole program in each shipped
 * language, with the names each SDK gives: camelCase in TypeScript and YAML, snake_case in Python
 * (sdk/python), exported names and pulumi.String/Int/... wrappers in Go (sdk/go), typed by schema.json.
 */

export type Language = "typescript" | "python" | "go" | "yaml";
export const LANGUAGES: { language: Language; title: string; fence: string }[] = [
  { language: "typescript", title: "TypeScript", fence: "ts" },
  { language: "python", title: "Python", fence: "python" },
  { language: "go", title: "Go", fence: "go" },
  { language: "yaml", title: "YAML", fence: "yaml" },
];

export interface RenderOptions {
  /** TypeScript only: the package the program imports (`pulumi-woodpecker` or `pulumi-woodpecker/plugin`). */
  tsImport?: string;
}

export function renderExample(example: Example, language: Language, schema: PackageSchema, options: RenderOptions = {}): string {
  const program = new Program(example, schema);
  if (language === "typescript") return typescript(program, options.tsImport ?? "pulumi-woodpecker");
  if (language === "python") return python(program);
  if (language === "go") return gofmt(go(program));
  return yaml(program);
}

const PREFIX = "woodpecker:index:";
/** `repositoryId` → `repository_id`, as Pulumi's Python codegen names properties. */
export const snake = (name: string) => name.replace(/(?<=[a-z0-9])([A-Z])/g, "_$1").toLowerCase();
const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const shortName = (token: string) => token.slice(token.lastIndexOf(":") + 1);
const secretKeys = (value: Value): string[] =>
  isConfigSecret(value) ? [value.configSecret] : isRef(value) ? [] : typeof value === "object" ? Object.values(value).flatMap(secretKeys) : [];
const refsIn = (value: Value): string[] =>
  isRef(value) ? [value.ref] : isConfigSecret(value) ? [] : typeof value === "object" ? Object.values(value).flatMap(refsIn) : [];

/** The example with what every renderer needs: each declaration's properties by name, variables in use, config keys. */
class Program {
  readonly resources;
  readonly calls;
  readonly exports;
  readonly secrets: string[];
  readonly used = new Set<string>();
  /** Logical names by variable, for Pulumi YAML, which refers to resources by name. */
  readonly names = new Map<string, string>();

  constructor(
    example: Example,
    readonly schema: PackageSchema,
  ) {
    this.resources = (example.resources ?? []).map((r) => {
      const resource = schema.resources[pluginTypeToken(r.kind)];
      if (!resource) throw new Error(`example: no resource kind ${r.kind}`);
      return { ...r, variable: variableOf(r), properties: resource.inputProperties as Record<string, TypeSpec> };
    });
    this.calls = (example.calls ?? []).map((c) => {
      const fn = schema.functions[functionToken(c.function)];
      if (!fn) throw new Error(`example: no function ${c.function}`);
      return { ...c, properties: (fn.inputs?.properties ?? {}) as Record<string, TypeSpec>, hasInputs: Boolean(fn.inputs) };
    });
    this.exports = Object.entries(example.exports ?? {});
    const values = [...this.resources.map((r) => r.inputs), ...this.calls.map((c) => c.args ?? {})];
    this.secrets = [...new Set(values.flatMap((v) => secretKeys(v)))];
    for (const v of values) refsIn(v).forEach((name) => this.used.add(name));
    for (const r of this.resources) r.dependsOn?.forEach((name) => this.used.add(name));
    for (const [, value] of this.exports) this.used.add(value.ref);
    for (const r of this.resources) this.names.set(r.variable, r.name);
    for (const c of this.calls) this.names.set(c.variable, c.variable);
    const known = new Set(this.names.keys());
    for (const name of this.used) if (!known.has(name)) throw new Error(`example: ${name} is referred to but not declared`);
  }

  /** The schema type of a property of a declared resource or call, or of a named object type. */
  property(properties: Record<string, TypeSpec>, key: string, where: string): TypeSpec {
    const type = properties[key];
    if (!type) throw new Error(`example: ${where} has no input ${key}`);
    return type;
  }

  named(type: TypeSpec) {
    return type.$ref?.startsWith("#/types/") ? this.schema.types[type.$ref.slice("#/types/".length)] : undefined;
  }

  /** Whether a reference is to a function call (a method in Go) rather than a resource. */
  isCall(variable: string) {
    return this.calls.some((c) => c.variable === variable);
  }
}

const indentBy = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);

// TypeScript

function typescript(p: Program, from: string): string {
  const out: string[] = [];
  if (p.secrets.length) out.push(`import * as pulumi from "@pulumi/pulumi";`);
  out.push(`import * as woodpecker from "${from}";`, "");
  if (p.secrets.length) out.push("const config = new pulumi.Config();", "");
  const value = (v: Value): string => {
    if (isRef(v)) return `${v.ref}.${v.field}`;
    if (isConfigSecret(v)) return `config.requireSecret(${JSON.stringify(v.configSecret)})`;
    if (Array.isArray(v)) return `[${v.map(value).join(", ")}]`;
    if (typeof v === "object") return object(v);
    return JSON.stringify(v);
  };
  const object = (v: Record<string, Value>): string => {
    const entries = Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${value(x)}`);
    const flat = `{ ${entries.join(", ")} }`;
    return flat.length <= 80 && !flat.includes("\n") ? flat : `{\n  ${entries.map((e) => indentBy(e, "  ")).join(",\n  ")},\n}`;
  };
  for (const c of p.calls) {
    if (c.comment) out.push(`// ${c.comment}`);
    out.push(`const ${c.variable} = woodpecker.${c.function}Output(${c.args && Object.keys(c.args).length ? object(c.args) : ""});`, "");
  }
  for (const r of p.resources) {
    if (r.comment) out.push(`// ${r.comment}`);
    const opts = r.dependsOn?.length ? `, { dependsOn: [${r.dependsOn.join(", ")}] }` : "";
    out.push(`${p.used.has(r.variable) ? `const ${r.variable} = ` : ""}new woodpecker.${r.kind}(${JSON.stringify(r.name)}, ${object(r.inputs)}${opts});`, "");
  }
  for (const [name, v] of p.exports) out.push(`export const ${name} = ${value(v)};`);
  return `${out.join("\n").trimEnd()}\n`;
}

// Python

function python(p: Program): string {
  const module = String((p.schema.language.python as { packageName: string }).packageName);
  const out = ["import pulumi", `import ${module} as woodpecker`, ""];
  if (p.secrets.length) out.push("config = pulumi.Config()", "");
  const value = (v: Value, type: TypeSpec): string => {
    if (isRef(v)) return `${snake(v.ref)}.${snake(v.field)}`;
    if (isConfigSecret(v)) return `config.require_secret(${JSON.stringify(v.configSecret)})`;
    if (type.oneOf) return value(v, type.oneOf[Array.isArray(v) ? type.oneOf.length - 1 : 0]!);
    if (Array.isArray(v)) return `[${v.map((x) => value(x, type.items!)).join(", ")}]`;
    if (typeof v === "boolean") return v ? "True" : "False";
    if (typeof v !== "object") return JSON.stringify(v);
    const named = p.named(type);
    if (named && named.type === "object") return `woodpecker.${shortName(type.$ref!)}Args(${args(kwargs(v, named.properties, shortName(type.$ref!)))})`;
    const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${value(x, type.additionalProperties ?? { type: "string" })}`);
    const flat = `{${entries.join(", ")}}`;
    return flat.length <= 72 ? flat : `{\n    ${entries.map((e) => indentBy(e, "    ")).join(",\n    ")},\n}`;
  };
  const kwargs = (v: Record<string, Value>, properties: Record<string, TypeSpec>, where: string) =>
    Object.entries(v).map(([k, x]) => `${snake(k)}=${value(x, p.property(properties, k, where))}`);
  /** Arguments on one line when short, else one a line with a trailing comma. */
  const args = (list: string[]) => {
    const flat = list.join(", ");
    return flat.length <= 60 && !flat.includes("\n") ? flat : `\n    ${list.map((a) => indentBy(a, "    ")).join(",\n    ")},\n`;
  };
  for (const c of p.calls) {
    if (c.comment) out.push(`# ${c.comment}`);
    out.push(`${snake(c.variable)} = woodpecker.${snake(c.function)}_output(${args(kwargs(c.args ?? {}, c.properties, c.function))})`, "");
  }
  for (const r of p.resources) {
    if (r.comment) out.push(`# ${r.comment}`);
    const opts = r.dependsOn?.length ? [`opts=pulumi.ResourceOptions(depends_on=[${r.dependsOn.map(snake).join(", ")}])`] : [];
    const list = [JSON.stringify(r.name), ...kwargs(r.inputs, r.properties, r.kind), ...opts];
    out.push(`${p.used.has(r.variable) ? `${snake(r.variable)} = ` : ""}woodpecker.${r.kind}(${args(list)})`, "");
  }
  for (const [name, v] of p.exports) out.push(`pulumi.export(${JSON.stringify(name)}, ${value(v, {})})`);
  return `${out.join("\n").trimEnd()}\n`;
}

// Go

function go(p: Program): string {
  const pkg = String((p.schema.language.go as { importBasePath: string }).importBasePath);
  const imports = [pkg, "github.com/pulumi/pulumi/sdk/v3/go/pulumi", ...(p.secrets.length ? ["github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"] : [])];
  const body: string[] = [];
  if (p.secrets.length) body.push(`cfg := config.New(ctx, "")`);
  const wrappers: Record<string, string> = { string: "String", integer: "Int", number: "Float64", boolean: "Bool" };
  const value = (v: Value, type: TypeSpec): string => {
    if (isRef(v)) return `${v.ref}.${title(v.field)}${p.isCall(v.ref) ? "()" : ""}`;
    if (isConfigSecret(v)) return `cfg.RequireSecret(${JSON.stringify(v.configSecret)})`;
    if (type.oneOf) return value(v, type.oneOf[0]!);
    const named = p.named(type);
    if (named && named.type !== "object") return `woodpecker.${shortName(type.$ref!)}(${JSON.stringify(v)})`;
    if (named) return `woodpecker.${shortName(type.$ref!)}Args${struct(v as Record<string, Value>, named.properties, shortName(type.$ref!))}`;
    if (Array.isArray(v)) return `${arrayType(type)}{${v.map((x) => value(x, type.items!)).join(", ")}}`;
    if (type.type === "object") {
      const element = type.additionalProperties ?? { type: "string" };
      const entries = Object.entries(v as Record<string, Value>).map(([k, x]) => `${JSON.stringify(k)}: ${value(x, element)},`);
      return `${mapType(type)}{\n${entries.join("\n")}\n}`;
    }
    return `pulumi.${wrappers[type.type ?? "string"] ?? "String"}(${JSON.stringify(v)})`;
  };
  const elementName = (type: TypeSpec): string => {
    const named = p.named(type);
    if (named) return `woodpecker.${shortName(type.$ref!)}`;
    return `pulumi.${wrappers[type.type ?? "string"] ?? "String"}`;
  };
  const arrayType = (type: TypeSpec) => `${elementName(type.items!)}Array`;
  const mapType = (type: TypeSpec) => `${elementName(type.additionalProperties ?? { type: "string" })}Map`;
  const struct = (v: Record<string, Value>, properties: Record<string, TypeSpec>, where: string) =>
    `{\n${Object.entries(v)
      .map(([k, x]) => `${title(k)}: ${value(x, p.property(properties, k, where))},`)
      .join("\n")}\n}`;
  // Pulumi's Go codegen names `get<Kind>` of an existing resource kind `Lookup<Kind>` (`Get<Kind>` reads a resource's state).
  const goName = (fn: string) => (/^get./.test(fn) && p.schema.resources[PREFIX + fn.slice(3)] ? `Lookup${fn.slice(3)}` : title(fn));
  let errDeclared = false;
  for (const c of p.calls) {
    if (c.comment) body.push(`// ${c.comment}`);
    const args = c.hasInputs ? `, woodpecker.${goName(c.function)}OutputArgs${struct(c.args ?? {}, c.properties, c.function)}` : "";
    body.push(`${c.variable} := woodpecker.${goName(c.function)}Output(ctx${args})`);
  }
  for (const r of p.resources) {
    if (r.comment) body.push(`// ${r.comment}`);
    const opts = r.dependsOn?.length ? `, pulumi.DependsOn([]pulumi.Resource{${r.dependsOn.join(", ")}})` : "";
    const target = p.used.has(r.variable) ? `${r.variable}, err :=` : errDeclared ? "_, err =" : "_, err :=";
    errDeclared = true;
    body.push(
      `${target} woodpecker.New${r.kind}(ctx, ${JSON.stringify(r.name)}, &woodpecker.${r.kind}Args${struct(r.inputs, r.properties, r.kind)}${opts})`,
      "if err != nil {\nreturn err\n}",
    );
  }
  for (const [name, v] of p.exports) body.push(`ctx.Export(${JSON.stringify(name)}, ${value(v, {})})`);
  body.push("return nil");
  const text = [
    "package main",
    "",
    "import (",
    ...imports.map((i) => JSON.stringify(i)),
    ")",
    "",
    "func main() {",
    "pulumi.Run(func(ctx *pulumi.Context) error {",
    ...body,
    "})",
    "}",
  ].join("\n");
  return `${indentGo(text)}\n`;
}

/** Tabs by block depth and values of consecutive one-line keyed fields aligned, as gofmt writes them. */
function indentGo(text: string): string {
  let depth = 0;
  const lines = text.split("\n").map((line) => {
    // gofmt indents by lines: one that opens a block ends in `{` or `(`, one that closes it starts with `}` or `)`.
    depth -= /^[})]/.test(line) ? 1 : 0;
    const out = line && "\t".repeat(depth) + line;
    depth += /[{(]$/.test(line) ? 1 : 0;
    return out;
  });
  const keyed = /^(\t*)("[^"]*"|[A-Z]\w*):\s(.*[^{])$/;
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j < lines.length && keyed.test(lines[j]!) && lines[j]!.match(keyed)![1] === lines[i]!.match(keyed)?.[1]) j++;
    if (j > i + 1) {
      const width = Math.max(...lines.slice(i, j).map((line) => line.match(keyed)![2]!.length));
      for (let k = i; k < j; k++) {
        const [, tabs, key, rest] = lines[k]!.match(keyed)!;
        lines[k] = `${tabs}${key}:${" ".repeat(width - key!.length + 1)}${rest}`;
      }
    }
    i = Math.max(j, i + 1);
  }
  return lines.join("\n");
}

/** gofmt's own layout where Go is installed (PATH or the tests' cache); the program as rendered otherwise. */
function gofmt(code: string): string {
  const candidates = ["gofmt", path.join(homedir(), ".cache/pulumi-woodpecker/go/go/bin/gofmt"), "/usr/local/go/bin/gofmt"];
  for (const bin of candidates) {
    if (bin !== "gofmt" && !existsSync(bin)) continue;
    const run = spawnSync(bin, [], { input: code, encoding: "utf8" });
    if (run.status === 0) return run.stdout;
    if (!run.error) throw new Error(`gofmt refused a rendered Go example:\n${run.stderr}\n${code}`);
  }
  return code;
}

// Pulumi YAML

function yaml(p: Program): string {
  const scalar = (v: string | number | boolean) => yamlScalar(v, { lineWidth: 0 }).trimEnd();
  const key = (k: string) => (/^[A-Za-z_][\w-]*$/.test(k) ? k : scalar(k));
  const value = (v: Value): string => {
    if (isRef(v)) return scalar(`\${${p.names.get(v.ref)}.${v.field}}`);
    if (isConfigSecret(v)) return scalar(`\${${v.configSecret}}`);
    if (Array.isArray(v))
      return v.every((x) => typeof x !== "object") ? `[${v.map((x) => value(x)).join(", ")}]` : v.map((x) => `\n- ${indentBy(value(x), "  ")}`).join("");
    if (typeof v === "object")
      return Object.entries(v)
        .map(([k, x]) => `\n${key(k)}:${block(x)}`)
        .join("");
    return scalar(v);
  };
  const block = (v: Value) => {
    const text = value(v);
    return text.startsWith("\n") ? indentBy(text, "  ") : ` ${text}`;
  };
  const out = ["name: example", "runtime: yaml"];
  if (p.secrets.length) out.push("config:", ...p.secrets.flatMap((s) => [`  ${key(s)}:`, "    type: string", "    secret: true"]));
  if (p.calls.length) {
    out.push("variables:");
    for (const c of p.calls) {
      if (c.comment) out.push(`  # ${c.comment}`);
      out.push(`  ${c.variable}:`, "    fn::invoke:", `      function: ${functionToken(c.function)}`);
      if (c.args && Object.keys(c.args).length) out.push(`      arguments:${indentBy(value(c.args), "        ")}`);
    }
  }
  if (p.resources.length) {
    out.push("resources:");
    for (const r of p.resources) {
      if (r.comment) out.push(`  # ${r.comment}`);
      out.push(`  ${key(r.name)}:`, `    type: ${PREFIX}${r.kind}`, `    properties:${indentBy(value(r.inputs), "      ")}`);
      if (r.dependsOn?.length) out.push("    options:", "      dependsOn:", ...r.dependsOn.map((d) => `        - \${${p.names.get(d)}}`));
    }
  }
  if (p.exports.length) out.push("outputs:", ...p.exports.map(([name, v]) => `  ${name}: ${value(v)}`));
  return `${out.join("\n")}\n`;
}
