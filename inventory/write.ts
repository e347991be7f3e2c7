import { pluginTypeToken } from "../provider/engine/spec.js";
import { specFor } from "../provider/resources/index.js";
import type { Plan, Value } from "./model.js";

/**
 * The three outputs of the inventory, from one plan: a TypeScript program for the dynamic provider
 * (every resource adopts the object it finds), a Pulumi YAML program for the provider plugin, and
 * an import file for `pulumi import --file` (plugin). Names match across the three; a set (`--sets`)
 * holds a map from each entry's key to its inputs.
 */

export type Format = "ts" | "yaml" | "import";
export const FORMATS: Format[] = ["ts", "yaml", "import"];

export function render(plan: Plan, format: Format): string {
  if (format === "ts") return typescript(plan);
  if (format === "yaml") return yaml(plan);
  return importFile(plan);
}

function header(plan: Plan, comment: string): string[] {
  return [
    `${comment} Woodpecker objects of ${plan.server}, written by \`pulumi-woodpecker inventory\`.`,
    ...(plan.config.length
      ? [`${comment} Values no API returns are secret config: set them with \`pulumi config set --secret <key> <value>\` (the command printed each line).`]
      : []),
    ...plan.notes.map((note) => `${comment} Note: ${note}`),
  ];
}

/** TypeScript for the dynamic provider: `adopt: true` takes each object over on the first `up`. */
function typescript(plan: Plan): string {
  const referenced = new Set(plan.resources.flatMap((resource) => resource.inputs.flatMap(([, value]) => ("ref" in value ? [value.ref.name] : []))));
  const idents = new Map<string, string>();
  const usedIdents = new Set<string>();
  for (const name of referenced) {
    const base = name.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^(\d)/, "_$1");
    let ident = base;
    for (let n = 2; usedIdents.has(ident); n++) ident = `${base}_${n}`;
    usedIdents.add(ident);
    idents.set(name, ident);
  }
  const expression = (value: Value, indent: string): string => {
    if ("ref" in value) return `${idents.get(value.ref.name)}.${value.ref.output}`;
    if ("config" in value)
      return value.config.type === "String"
        ? `config.requireSecret(${JSON.stringify(value.config.key)})`
        : `config.requireSecretObject<Record<string, unknown>>(${JSON.stringify(value.config.key)})`;
    if ("entries" in value) {
      const inner = `${indent}    `;
      const entries = value.entries.map(
        ([key, fields]) =>
          `${indent}  ${JSON.stringify(key)}: {\n${fields.map(([field, v]) => `${inner}${field}: ${expression(v, inner)},\n`).join("")}${indent}  },`,
      );
      return `{\n${entries.join("\n")}\n${indent}}`;
    }
    return JSON.stringify(value.literal);
  };
  const lines = [...header(plan, "//"), 'import * as pulumi from "@pulumi/pulumi";', 'import * as woodpecker from "pulumi-woodpecker";', ""];
  if (plan.config.length) lines.push("const config = new pulumi.Config();", "");
  for (const resource of plan.resources) {
    const ident = idents.get(resource.name);
    const body = resource.inputs.map(([key, value]) => `  ${key}: ${expression(value, "  ")},`);
    if ("adopt" in specFor(resource.kind).inputs) body.push("  adopt: true,");
    lines.push(`${ident ? `const ${ident} = ` : ""}new woodpecker.${resource.kind}(${JSON.stringify(resource.name)}, {`, ...body, "});");
  }
  return `${lines.join("\n")}\n`;
}

/** Pulumi YAML for the plugin. Values are JSON (valid YAML); `${` in text is escaped as `$${`, which Pulumi YAML reads as a literal. */
function yaml(plan: Plan): string {
  const text = (value: unknown): string =>
    JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "string" ? inner.replace(/\$\{/g, () => "$${") : inner));
  const expression = (value: Value, indent: string): string => {
    if ("ref" in value) return JSON.stringify(`\${${value.ref.name}.${value.ref.output}}`);
    if ("config" in value) return JSON.stringify(`\${${value.config.key}}`);
    if ("entries" in value) {
      if (!value.entries.length) return "{}";
      const inner = `${indent}    `;
      return value.entries
        .map(
          ([key, fields]) =>
            `\n${indent}  ${JSON.stringify(key)}:${fields.length ? fields.map(([field, v]) => `\n${inner}${field}: ${expression(v, inner)}`).join("") : " {}"}`,
        )
        .join("");
    }
    return text(value.literal);
  };
  const lines = [
    ...header(plan, "#"),
    "# A Pulumi YAML program for the provider plugin (woodpecker:index:<Kind>): use it as the project's Main.yaml, or",
    "# move its sections into a Pulumi.yaml with `runtime: yaml`. Objects already on the server are taken over",
    "# with `pulumi import --file` and the import file the same command writes with `--format import`.",
  ];
  if (plan.config.length) {
    lines.push("config:");
    for (const key of plan.config) lines.push(`  ${JSON.stringify(key.key)}:`, `    type: ${key.type}`, "    secret: true");
  }
  lines.push(plan.resources.length ? "resources:" : "resources: {}");
  for (const resource of plan.resources) {
    lines.push(`  ${JSON.stringify(resource.name)}:`, `    type: ${pluginTypeToken(resource.kind)}`);
    if (resource.inputs.length) {
      lines.push("    properties:");
      for (const [key, value] of resource.inputs)
        lines.push(`      ${key}:${"entries" in value && value.entries.length ? "" : " "}${expression(value, "      ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The file `pulumi import --file` takes: every object by its plugin type token, logical name and import ID. */
function importFile(plan: Plan): string {
  const resources = plan.resources.map((resource) => ({ type: pluginTypeToken(resource.kind), name: resource.name, id: resource.id }));
  return `${JSON.stringify({ resources }, null, 2)}\n`;
}

/** The `pulumi config set --secret` lines for the values the program reads from secret config. */
export function configLines(plan: Plan): string[] {
  return plan.config.map((key) => `pulumi config set --secret ${key.key} ${key.type === "String" ? "'<value>'" : "'<JSON object>'"}   # ${key.about}`);
}
