/**
 * `pulumi-woodpecker inventory`: turns what a token can see on a live server into code — a
 * TypeScript program for the dynamic provider, a Pulumi YAML program for the plugin, or an import
 * file for `pulumi import --file`. Progress goes to stderr; the file is written whole or not at all.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { WoodpeckerClient } from "../provider/client/client.js";
import { WoodpeckerError } from "../provider/client/errors.js";
import { ConfigError, resolveConfig } from "../provider/config.js";
import { setSpecs, specs, type Kind } from "../provider/resources/index.js";
import { plan } from "../inventory/model.js";
import { readInventory } from "../inventory/read.js";
import { configLines, FORMATS, render, type Format } from "../inventory/write.js";
import { readStackConfig } from "./settings.js";

const HELP = `usage: pulumi-woodpecker inventory [--format ts|yaml|import] [--out <path>] [--force] [--sets]
                                  [--org <name>]... [--repo <owner/name>]... [--kinds <Kind,...>] [--stack <name>]

Reads everything the token can see on the server (active repositories with their secrets, registries
and crons; orgs with their secrets, registries and agents; global secrets and registries; global
agents; users; forges) and writes it as code:

  --format ts      a TypeScript program for the dynamic provider; every resource has adopt: true (default)
  --format yaml    a Pulumi YAML program (Main.yaml) for the provider plugin
  --format import  an import file for \`pulumi import --file\` through the provider plugin

Values no API returns (secret values, registry passwords, forge client secrets) become secret config
keys; the \`pulumi config set --secret\` lines to fill them in are printed to stdout (to stderr when the
program itself goes to stdout). The same server gives the same file.

  --out <path>     write there (default: stdout); an existing file is refused unless --force
  --force          replace an existing --out file
  --org <name>     only this org's objects and repositories (repeat or comma-separate)
  --repo <o/n>     only this repository's objects (repeat or comma-separate)
  --sets           one <Kind>Set per scope (${Object.keys(setSpecs).join(", ")}) holding all its entries,
                   instead of one resource per entry; --kinds still names the single kinds
  --kinds <list>   only these kinds, e.g. ${Object.keys(specs).slice(0, 2).join(",")} (${Object.keys(specs).join(", ")})
  --stack <name>   read woodpecker:server and woodpecker:token from this stack's config

Configured like the provider: the current stack's woodpecker:server and woodpecker:token when run in a
Pulumi project, else WOODPECKER_SERVER and WOODPECKER_TOKEN. A token without instance admin rights gets
what it can read, with a note of what was skipped. Exit status 0 on success, 1 on failure, 2 on a usage error.`;

interface Options {
  format: Format;
  out?: string;
  force: boolean;
  sets: boolean;
  orgs: string[];
  repos: string[];
  kinds?: Kind[];
  stack?: string;
}

export function parseArgs(args: string[]): Options | string {
  const options: Options = { format: "ts", force: false, sets: false, orgs: [], repos: [] };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    const eq = raw.indexOf("=");
    const [flag, inline] = raw.startsWith("--") && eq > 0 ? [raw.slice(0, eq), raw.slice(eq + 1)] : [raw, undefined];
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined || next === "") throw new Error(`${flag} needs a value`);
      return next;
    };
    const list = () =>
      value()
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
    try {
      if (flag === "--help" || flag === "-h") return "";
      else if (flag === "--force") options.force = true;
      else if (flag === "--sets") options.sets = true;
      else if (flag === "--format") {
        const format = value();
        if (!FORMATS.includes(format as Format)) return `--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(format)}`;
        options.format = format as Format;
      } else if (flag === "--out") options.out = value();
      else if (flag === "--org") options.orgs.push(...list());
      else if (flag === "--repo") {
        for (const repo of list()) {
          if (!/^[^/\s]+\/[^\s]+$/.test(repo)) return `--repo takes owner/name, got ${JSON.stringify(repo)}`;
          options.repos.push(repo);
        }
      } else if (flag === "--kinds") {
        const kinds = list();
        const unknown = kinds.filter((kind) => !Object.hasOwn(specs, kind));
        if (unknown.length) return `--kinds: unknown kind ${unknown.map((k) => JSON.stringify(k)).join(", ")}; known kinds: ${Object.keys(specs).join(", ")}`;
        options.kinds = kinds as Kind[];
      } else if (flag === "--stack") options.stack = value();
      else return `unknown option ${JSON.stringify(raw)}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
  return options;
}

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === "string") {
    if (options) console.error(`pulumi-woodpecker inventory: ${options}\n`);
    (options ? console.error : console.log)(HELP);
    return options ? 2 : 0;
  }
  const fail = (message: string) => {
    console.error(`pulumi-woodpecker inventory: ${message}`);
    return 1;
  };
  const target = options.out && options.out !== "-" ? resolve(options.out) : undefined;
  // Refused before any request, so a mistake costs nothing.
  if (target && existsSync(target)) {
    if (!options.force) return fail(`${options.out} already exists: choose another --out path, or pass --force to replace it`);
    if (statSync(target).isDirectory()) return fail(`${options.out} is a directory: --out takes a file path`);
  }
  if (target && !existsSync(dirname(target))) return fail(`the folder of ${options.out} does not exist: create it first`);

  let client: WoodpeckerClient;
  let server: string;
  try {
    const stack = readStackConfig(process.cwd(), options.stack, env);
    const config = resolveConfig(stack.values, env);
    if (!config.token)
      throw new ConfigError(
        "No token is configured",
        "set WOODPECKER_TOKEN (or `pulumi config set --secret woodpecker:token ...`) to a personal access token of the server",
      );
    server = config.server;
    client = new WoodpeckerClient(config);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }

  const progress = (line: string) => process.stderr.write(`inventory: ${line}\n`);
  let text: string;
  let lines: string[];
  try {
    const inventory = await readInventory(client, server, { orgs: options.orgs, repos: options.repos, kinds: options.kinds, progress });
    const planned = plan(inventory, { sets: options.sets });
    text = render(planned, options.format);
    // The import file holds no values; the program written with --format ts or yaml reads the same keys.
    lines = configLines(planned);
    progress(
      `${planned.resources.length} ${options.sets ? "resources" : "objects"}${planned.config.length ? `, ${planned.config.length} secret config keys to set` : ""}`,
    );
    for (const note of inventory.notes) progress(`note: ${note}`);
  } catch (error) {
    return fail(explain(error, server));
  } finally {
    await client.close();
  }

  if (!target) {
    process.stdout.write(text);
    for (const line of lines) process.stderr.write(`${line}\n`);
    return 0;
  }
  try {
    writeAtomically(target, text, options.force);
  } catch (error) {
    return fail(`could not write ${options.out}: ${(error as Error).message}`);
  }
  progress(`wrote ${options.out}`);
  if (lines.length) console.log(["# Set the values no API returns (run in the stack's project folder):", ...lines].join("\n"));
  return 0;
}

/** The failures a person can act on, in one sentence each; the token is never part of them. */
function explain(error: unknown, server: string): string {
  if (!(error instanceof WoodpeckerError)) return error instanceof Error ? error.message : String(error);
  if (error.reason === "connection" || error.reason === "timeout")
    return `cannot reach the server at ${server} (${error.code ?? error.reason}): check WOODPECKER_SERVER and that the server is running. Nothing was written.`;
  if (error.reason === "unauthorized")
    return `the server at ${server} refused the token (401): it is wrong, expired or revoked; create a personal access token in the user settings and set WOODPECKER_TOKEN. Nothing was written.`;
  if (error.reason === "not-json")
    return `${server} did not answer like a Woodpecker server (${error.message}): set WOODPECKER_SERVER to the server's root URL. Nothing was written.`;
  return `${error.message}. Nothing was written.`;
}

/** Temp file in the same folder, then rename: readers see the old file or the whole new one, never a part. */
function writeAtomically(target: string, text: string, force: boolean): void {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temp, "wx", 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Checked again at the last moment: another process may have created it meanwhile.
    if (!force && existsSync(target)) throw new Error("it was created by something else while the server was read; pass --force to replace it");
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
