import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";

/** The repository root: the package `pulumi-woodpecker` itself. */
export const repoRoot = path.resolve(__dirname, "..");

/**
 * Makes `pulumi-woodpecker` resolvable from an example program the way an installed package would
 * be: `<dir>/node_modules/pulumi-woodpecker` as a symlink to the repository root. The provider host
 * resolves `pulumi-woodpecker/provider` from there, and the TypeScript compiler its types. A clean
 * clone has no such link (examples/*\/node_modules is ignored), so the demo and the tests make it.
 */
export function linkPackageInto(dir: string): void {
  const link = path.join(dir, "node_modules", "pulumi-woodpecker");
  if (existsSync(link) || isDanglingLink(link)) return;
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(repoRoot, link, "dir");
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
