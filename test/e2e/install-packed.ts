import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/e2e/real-server";

/** `<name>@<version>` of the dependency as the repository has it installed, so a user's project gets the same. */
export const pinned = (name: string) => `${name}@${JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version}`;

/**
 * `npm install` in a user's project of the packed tarball and what a `pulumi new typescript`
 * project has beside it (@pulumi/pulumi, typescript, ts-node, @types/node, at the repository's
 * versions); `typescript` replaces the TypeScript spec (e.g. another major).
 */
export function installPacked(project: string, tarball: string, typescript: string = pinned("typescript")): void {
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--silent", tarball, pinned("@pulumi/pulumi"), typescript, pinned("ts-node"), pinned("@types/node")],
    { cwd: project, stdio: "pipe", timeout: 5 * 60_000 },
  );
}
