import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * This package's version, read from its package.json (two folders up from sdk/plugin, three from
 * dist/sdk/plugin). Resources and invokes ask the engine for the provider plugin of exactly this
 * version, as generated SDKs do, so a program always runs the plugin that ships with its classes.
 */
export const PACKAGE_VERSION: string = (() => {
  for (let dir = __dirname, i = 0; i < 4; dir = path.dirname(dir), i++) {
    const file = path.join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "pulumi-woodpecker" && pkg.version) return pkg.version;
  }
  throw new Error(`pulumi-woodpecker: no package.json of the package above ${__dirname}; reinstall the package`);
})();
