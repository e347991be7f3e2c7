import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/e2e/real-server";

/**
 * A plain-JavaScript program of the plugin face in a temp folder outside the repository: the
 * repository's @pulumi/pulumi linked in (exampleStack links the package itself), and Pulumi.yaml
 * pointing the engine at the package's plugin launcher.
 */
export function jsPluginProject(name: string, program: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  mkdirSync(join(dir, "node_modules", "@pulumi"), { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules/@pulumi/pulumi"), join(dir, "node_modules/@pulumi/pulumi"), "dir");
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime: nodejs\nplugins:\n  providers:\n    - name: woodpecker\n      path: ./node_modules/pulumi-woodpecker/bin\n`,
  );
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.js" }));
  writeFileSync(join(dir, "index.js"), program);
  return dir;
}
