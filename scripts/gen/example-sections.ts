import type { Example } from "../../provider/engine/example.js";
import { LANGUAGES, renderExample } from "./render-example.js";
import type { PackageSchema } from "./schema.js";

/** A spec's example as one Markdown section per language, TypeScript first (test/examples.test.ts type-checks the first `ts` block). */
export function exampleSections(example: Example, schema: PackageSchema, tsImport = "pulumi-woodpecker"): string[] {
  return LANGUAGES.flatMap(({ language, title, fence }) => [
    `### ${title}`,
    "",
    "```" + fence,
    renderExample(example, language, schema, { tsImport }).trimEnd(),
    "```",
    "",
  ]);
}
