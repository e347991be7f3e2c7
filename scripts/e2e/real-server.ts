/**
 * Start the REAL Woodpecker server (a binary given by WOODPECKER_SERVER_BIN) against the fake Gitea
 * forge, on 127.0.0.1 only, with SQLite in a temp dir, and obtain API tokens without a browser.
 *
 * Token route: the fake OAuth login (no DB access, no knowledge of Woodpecker's schema):
 *   1. GET  <wp>/authorize                      -> 303 to <gitea>/login/oauth/authorize?...&state=S
 *   2. GET  that URL plus &login=<login>        -> the fake answers 302 to <wp>/authorize?code=C&state=S
 *   3. GET  <wp>/authorize?code=C&state=S       -> the server exchanges C at the fake's token endpoint,
 *      reads /api/v1/user, creates the user and its user-org, syncs repo perms, and sets the
 *      `user_sess` cookie (a "sess" JWT)
 *   4. GET  <wp>/web-config.js with the cookie  -> window.WOODPECKER_CSRF = "..."
 *   5. POST <wp>/api/user/token with cookie + X-CSRF-TOKEN -> the long-lived personal token (text/plain)
 * The admin user is named in WOODPECKER_ADMIN; WOODPECKER_OPEN=true lets the non-admin register.
 */
import { spawn, ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, createWriteStream, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { startFakeGitea, FakeGitea, FakeGiteaCatalogue } from "./fake-gitea";

export interface RealServerOptions {
  /** path of woodpecker-server; default: $WOODPECKER_SERVER_BIN */
  binary?: string;
  catalogue?: FakeGiteaCatalogue;
  /** login that WOODPECKER_ADMIN names (default alice) */
  adminLogin?: string;
  /** a non-admin login (default bob) */
  userLogin?: string;
  /** WOODPECKER_LOG_LEVEL (default info) */
  logLevel?: string;
  /** extra environment for the server */
  env?: Record<string, string>;
  /** ms to wait for /healthz (default 60000) */
  startTimeoutMs?: number;
}

export interface RealServer {
  url: string;
  adminToken: string;
  userToken: string;
  gitea: FakeGitea;
  dataDir: string;
  binary: string;
  /** everything the server printed so far */
  log(): string;
  /** log in another catalogue user and mint a personal token for them */
  loginAndMintToken(login: string): Promise<string>;
  stop(): Promise<void>;
}

/** A catalogue that covers the smoke tests: alice (admin), bob (non-admin), a user repo and an org repo. */
export const DEFAULT_CATALOGUE: FakeGiteaCatalogue = {
  users: [
    { id: 1, login: "alice", email: "alice@example.test" },
    { id: 2, login: "bob", email: "bob@example.test" },
  ],
  orgs: [{ id: 7, name: "acme", members: { alice: "owner", bob: "write" } }],
  repos: [
    { id: 42, owner: "alice", name: "demo", branches: ["main", "dev"] },
    { id: 43, owner: "acme", name: "widgets" },
    { id: 44, owner: "bob", name: "bobs-repo" },
  ],
};

export const REPO_ROOT = resolve(__dirname, "..", "..");

/**
 * Runs a build script and resolves to the last line it printed on stdout. Its stderr (progress: phases,
 * elapsed time, heartbeats, the log's path) is passed through as it comes, so a build of several
 * minutes shows how far it is instead of looking like a hang.
 */
export function runBuildScript(script: string, extraEnv: Record<string, string> = {}, progress: NodeJS.WritableStream = process.stderr): Promise<string> {
  return new Promise((resolvePath, reject) => {
    const child = spawn("bash", [join(REPO_ROOT, "scripts", "e2e", script)], { env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      progress.write(chunk);
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), 60 * 60 * 1000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`scripts/e2e/${script} could not start: ${err.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const tail = `${stderr}\n${stdout}`.trim().split("\n").slice(-40).join("\n");
        reject(new Error(`scripts/e2e/${script} failed (${signal ? `killed by ${signal}` : `exit status ${code}`}):\n${tail}`));
        return;
      }
      const lines = stdout.trim().split("\n");
      resolvePath(lines[lines.length - 1]!);
    });
  });
}

/**
 * The real server is not built by this project (its module is refused by the Go module proxy here,
 * and the project keeps no recipe that builds it): a v3.17.x woodpecker-server binary is given.
 */
export async function findOrBuildWoodpecker(): Promise<string> {
  if (process.env.WOODPECKER_SERVER_BIN) return process.env.WOODPECKER_SERVER_BIN;
  throw new Error(
    "the real-server suite needs a woodpecker-server v3.17.x binary: set WOODPECKER_SERVER_BIN=/path/to/woodpecker-server (built with cgo/SQLite)",
  );
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRealServer(opts: RealServerOptions = {}): Promise<RealServer> {
  const binary = opts.binary ?? (await findOrBuildWoodpecker());
  if (!existsSync(binary)) throw new Error(`woodpecker-server binary not found at ${binary}`);
  const adminLogin = opts.adminLogin ?? "alice";
  const userLogin = opts.userLogin ?? "bob";
  const gitea = await startFakeGitea({ catalogue: opts.catalogue ?? DEFAULT_CATALOGUE });
  const dataDir = mkdtempSync(join(tmpdir(), "wp-e2e-"));
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${httpPort}`;

  let logText = "";
  const logFile = createWriteStream(join(dataDir, "server.log"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dataDir,
    WOODPECKER_HOST: url,
    WOODPECKER_SERVER_ADDR: `127.0.0.1:${httpPort}`,
    WOODPECKER_GRPC_ADDR: `127.0.0.1:${grpcPort}`,
    WOODPECKER_DATABASE_DRIVER: "sqlite3",
    WOODPECKER_DATABASE_DATASOURCE: join(dataDir, "woodpecker.sqlite"),
    WOODPECKER_GITEA: "true",
    WOODPECKER_GITEA_URL: gitea.url,
    WOODPECKER_GITEA_CLIENT: "e2e-client",
    WOODPECKER_GITEA_SECRET: "e2e-secret",
    WOODPECKER_ADMIN: adminLogin,
    WOODPECKER_OPEN: "true",
    WOODPECKER_AGENT_SECRET: randomBytes(16).toString("hex"),
    WOODPECKER_GRPC_SECRET: randomBytes(16).toString("hex"),
    WOODPECKER_LOG_LEVEL: opts.logLevel ?? "info",
    // no proxy may divert loopback traffic
    NO_PROXY: "127.0.0.1,localhost",
    ...opts.env,
  };

  const child: ChildProcess = spawn(binary, [], { cwd: dataDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((r) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      r();
    }),
  );
  const onData = (b: Buffer) => {
    logText += b.toString();
    logFile.write(b);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const tail = () => logText.trim().split("\n").slice(-40).join("\n");

  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      await Promise.race([exitPromise, sleep(10_000)]);
      if (!exited) {
        child.kill("SIGKILL");
        await exitPromise;
      }
    }
    logFile.end();
    await gitea.stop();
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
    for (;;) {
      if (exited) throw new Error(`woodpecker-server exited early (${JSON.stringify(exited)}):\n${tail()}`);
      try {
        const r = await fetch(`${url}/healthz`);
        if (r.status === 204 || r.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`woodpecker-server did not become healthy:\n${tail()}`);
      await sleep(200);
    }

    const loginAndMintToken = async (login: string): Promise<string> => {
      const step = (what: string, r: Response) => new Error(`login of ${login}: ${what} (HTTP ${r.status}, Location ${r.headers.get("location")})\n${tail()}`);
      const r1 = await fetch(`${url}/authorize`, { redirect: "manual" });
      const forgeAuth = r1.headers.get("location");
      if (r1.status !== 303 || !forgeAuth) throw step("expected a 303 to the forge", r1);
      const authUrl = new URL(forgeAuth, gitea.url);
      authUrl.searchParams.set("login", login);
      const r2 = await fetch(authUrl, { redirect: "manual" });
      const callback = r2.headers.get("location");
      if (r2.status !== 302 || !callback) throw step("fake forge did not redirect back", r2);
      const r3 = await fetch(new URL(callback, url), { redirect: "manual" });
      const cookie = r3.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .find((c) => c.startsWith("user_sess="));
      if (!cookie) throw step("no user_sess cookie after the OAuth callback", r3);
      const r4 = await fetch(`${url}/web-config.js`, { headers: { Cookie: cookie } });
      const csrf = /WOODPECKER_CSRF\s*=\s*"([^"]+)"/.exec(await r4.text())?.[1];
      if (!csrf) throw step("no WOODPECKER_CSRF in /web-config.js", r4);
      const r5 = await fetch(`${url}/api/user/token`, {
        method: "POST",
        headers: { Cookie: cookie, "X-CSRF-TOKEN": csrf },
      });
      const tokenText = (await r5.text()).trim();
      if (r5.status !== 200 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(tokenText))
        throw step(`POST /api/user/token gave ${JSON.stringify(tokenText.slice(0, 200))}`, r5);
      return tokenText;
    };

    const adminToken = await loginAndMintToken(adminLogin);
    const userToken = await loginAndMintToken(userLogin);
    return {
      url,
      adminToken,
      userToken,
      gitea,
      dataDir,
      binary,
      log: () => logText,
      loginAndMintToken,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
