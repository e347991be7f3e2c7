import type { Example } from "../../provider/engine/example.js";
import { exampleSections } from "./example-sections.js";
import type { PackageSchema } from "./schema.js";

/**
 * The two pages the Pulumi Registry expects of a package, from schema.json: `docs/_index.md` (what it
 * is, one program per language: a spec's example, TypeScript on the plugin face) and `docs/installation-configuration.md` (install per language and
 * every config key with its environment variable, from provider/config.ts through the schema).
 */
export function registryPages(schema: PackageSchema, npmName: string, overview: Example): Map<string, string> {
  const front = (title: string, description: string) => ["---", `title: ${title}`, `meta_desc: ${description}`, "layout: package", "---", ""];
  const index = [
    ...front(`${schema.displayName} Provider`, "Manage Woodpecker CI repositories, secrets, registries, crons, agents, orgs, users and forges with Pulumi."),
    schema.description,
    "",
    "## Example",
    "",
    ...exampleSections(overview, schema, `${npmName}/plugin`),
    "See [installation and configuration](installation-configuration.md) and the [reference](README.md).",
    "",
  ];
  const keys = Object.entries(schema.config.variables).map(([key, v]) => {
    const env = v.defaultInfo?.environment.map((e) => `\`${e}\``).join(", ") || "—";
    return `| \`woodpecker:${key}\`${v.secret ? " (secret)" : ""} | ${env} | ${v.default === undefined ? "" : `\`${JSON.stringify(v.default)}\``} | ${(v.description ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ")} |`;
  });
  const install = [
    ...front(`${schema.displayName} Installation & Configuration`, "Install the Woodpecker CI provider for Pulumi and configure it."),
    "## Installation",
    "",
    `The provider plugin \`pulumi-resource-${schema.name}\` needs Node.js 20 or later on PATH. The CLI downloads it from \`${schema.pluginDownloadURL}\` (release \`v${schema.version}\`) when a program first needs it; no \`plugins:\` block is needed.`,
    "",
    `- **TypeScript/JavaScript**: \`npm install ${npmName}\` (classes: \`${npmName}/plugin\`; the dynamic provider: \`${npmName}\`)`,
    `- **Python**: \`pip install ${String((schema.language.python as { packageName: string }).packageName)}\` (or the wheel attached to the GitHub release)`,
    `- **YAML**: no package; \`pulumi plugin install resource ${schema.name} ${schema.version} --server ${schema.pluginDownloadURL}\` installs the plugin ahead of time`,
    "",
    "Mirrors and air-gapped machines: `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES='^github://api.github.com/<owner>/<repo>=https://mirror.example.com/woodpecker'` makes the CLI fetch `pulumi-resource-woodpecker-v<version>-<os>-<arch>.tar.gz` from the mirror. With `PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true` the CLI downloads nothing: install the plugin first.",
    "",
    "## Configuration",
    "",
    "Stack config (`pulumi config set woodpecker:<key> <value>`, `--secret` for secrets) wins over the environment variable.",
    "",
    "| Key | Environment variable | Default | Description |",
    "| --- | --- | --- | --- |",
    ...keys,
    "",
  ];
  return new Map([
    ["docs/_index.md", index.join("\n")],
    ["docs/installation-configuration.md", install.join("\n")],
  ]);
}
