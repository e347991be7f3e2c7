import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The one version of a release: package.json's. Every generated place that repeats it must agree
 * (`npm run gen` rewrites them); a mismatch means a stale generation and stops the release.
 */
export function releaseVersion(root: string): string {
  const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));
  const pkg = json("package.json");
  const places: Array<[string, unknown]> = [
    ["package.json pulumi.version", pkg.pulumi?.version],
    ["schema.json version", json("schema.json").version],
    ["sdk/python/pulumi_woodpecker/pulumi-plugin.json version", json("sdk/python/pulumi_woodpecker/pulumi-plugin.json").version],
    ["sdk/python/pyproject.toml version", /^\s*version\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(root, "sdk/python/pyproject.toml"), "utf8"))?.[1]],
  ];
  const wrong = places.filter(([, v]) => v !== pkg.version);
  if (wrong.length)
    throw new Error(
      `release: version mismatch with package.json ${pkg.version}: ${wrong.map(([where, v]) => `${where} is ${JSON.stringify(v)}`).join("; ")} (run npm run gen)`,
    );
  return pkg.version;
}

/** The minimum Node.js major from package.json `engines.node` (">=20" → 20). */
export function minimumNodeMajor(root: string): number {
  const range = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).engines?.node as string | undefined;
  const m = /^>=\s*(\d+)/.exec(range ?? "");
  if (!m) throw new Error(`release: package.json engines.node must be ">=<major>", got ${JSON.stringify(range)}`);
  return Number(m[1]);
}
