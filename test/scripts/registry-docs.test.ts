// The Pulumi Registry pages (docs/_index.md, docs/installation-configuration.md) as generated.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../provider/config";
import { repoRoot } from "../../scripts/link-package";

const page = (file: string) => readFileSync(join(repoRoot, "docs", file), "utf8");

describe("Registry pages", () => {
  it("installation-configuration lists every config key of provider/config.ts with its environment variable", () => {
    const text = page("installation-configuration.md");
    for (const [key, v] of Object.entries(CONFIG_VARIABLES) as Array<[string, { env?: string }]>) {
      expect(text).toMatch(new RegExp(`^\\| \`woodpecker:${key}\`(?: \\(secret\\))? \\| ${v.env ? `\`${v.env}\`` : "—"} \\|`, "m"));
    }
    expect(text).toContain("npm install pulumi-woodpecker");
    expect(text).toContain("pip install pulumi_woodpecker");
  });

  it("_index has an example in TypeScript, Python, Go and YAML", () => {
    const text = page("_index.md");
    for (const fence of ["ts", "python", "go", "yaml"]) expect(text).toContain("```" + fence + "\n");
  });
});
