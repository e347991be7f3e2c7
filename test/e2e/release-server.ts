// `npm run release` into a temp folder, served over loopback HTTP like a GitHub release, and a real
// CLI with an empty PULUMI_HOME that downloads plugins from it: what a user's machine does, with
// the release's github:// source sent to the loopback server by PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES,
// as a mirror would be. Used by installed.cli, python-wheel.cli and operator-program.cli tests.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pulumiWorkspace, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { release } from "../../scripts/release/index";

export const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
export const VERSION: string = PACKAGE.version;
/** The plugin archive the CLI requests on this machine. */
export const ASSET = `pulumi-resource-woodpecker-v${VERSION}-linux-${process.arch === "arm64" ? "arm64" : "amd64"}.tar.gz`;

export interface ReleaseServer {
  dir: string;
  url: string;
  /** every path requested, in order */
  requests: string[];
  close(): Promise<void>;
}

/** Builds the release into `dir` and serves it on 127.0.0.1. */
export async function serveRelease(dir: string, opts: { targets: string[]; python: boolean }): Promise<ReleaseServer> {
  release({ out: dir, targets: opts.targets, python: opts.python });
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url!);
    const file = join(dir, decodeURIComponent(req.url!.split("?")[0]!.replace(/^\/+/, "")));
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    const body = readFileSync(file);
    // the CLI checks the download against Content-Length, as GitHub's release assets send it
    res.writeHead(200, { "content-type": "application/gzip", "content-length": body.length }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { dir, url, requests, close: () => new Promise<void>((done) => server.close(() => done())) };
}

export interface InstallingCli {
  ws: PulumiWorkspace;
  /** the environment on top of the workspace's: PATH without the repository, downloads to the loopback server */
  env: NodeJS.ProcessEnv;
  run(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }>;
}

/**
 * A CLI with an empty PULUMI_HOME that may download plugins, the release's github:// source sent to
 * the loopback server; nothing of the repository on PATH. `extraBinDirs` go first on PATH (e.g. a
 * language host), `extraEnv` on top.
 */
export function installingCli(
  binDir: string,
  name: string,
  server: ReleaseServer,
  extraBinDirs: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): InstallingCli {
  const ws = pulumiWorkspace(binDir, `${name}-passphrase`);
  const PATH = [...extraBinDirs, ...ws.env.PATH!.split(":").filter((dir) => !dir.startsWith(REPO_ROOT))].join(":");
  const env = {
    PATH,
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${PACKAGE.pulumi.server.replace(/\./g, "\\.")}$=${server.url}`,
    ...extraEnv,
  };
  return { ws, env, run: (args, cwd) => ws.run([...args, "--non-interactive"], cwd, env) };
}
