// `pulumi-woodpecker doctor` run as users run it: the built bin as a child process, configured by the
// environment, against the emulator (and small servers of other kinds) on loopback.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, request, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../emulator/index.js";
import { EmulatorFixture } from "../test/support/emulator.js";

const ROOT = resolve(__dirname, "..");
const BIN = join(ROOT, "dist", "cli", "main.js");
const TLS = join(ROOT, "test", "fixtures", "tls");
const IDS = ["config", "reachable", "tls", "woodpecker", "version", "token", "repositories", "orgs", "instance"];

interface Check {
  id: string;
  title: string;
  status: "ok" | "warn" | "fail" | "skip";
  detail: string;
  fix?: string;
}
interface Run {
  status: number;
  stdout: string;
  stderr: string;
  /** the check lines of the human output, in order */
  lines: string[];
}

let emu: EmulatorFixture;
let cwd: string; // outside any Pulumi project, so only the environment configures the command
const servers: Server[] = [];

beforeAll(async () => {
  emu = await EmulatorFixture.start();
  cwd = mkdtempSync(join(tmpdir(), "doctor-test-"));
});
afterEach(() => emu.reset());
afterAll(async () => {
  await emu.close();
  await Promise.all(servers.map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
  rmSync(cwd, { recursive: true, force: true });
});

function run(env: Record<string, string | undefined>, args: string[] = ["doctor"]): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: cwd };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: childEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      done({ status, stdout, stderr, lines: stdout.split("\n").filter((l) => /^[✓!✗-] /.test(l)) });
    });
  });
}

async function doctorJson(env: Record<string, string | undefined>): Promise<{ status: number; checks: Check[]; byId: Record<string, Check> }> {
  const out = await run(env, ["doctor", "--json"]);
  const checks = JSON.parse(out.stdout) as Check[];
  return { status: out.status, checks, byId: Object.fromEntries(checks.map((c) => [c.id, c])) };
}

const as = (token: string, server = emu.url) => ({ WOODPECKER_SERVER: server, WOODPECKER_TOKEN: token });

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return String((server.address() as AddressInfo).port);
}

/** An HTTPS front for the emulator with the given certificate. */
function httpsFront(cert: string): Promise<string> {
  const server = createHttpsServer({ key: readFileSync(join(TLS, "server.key")), cert: readFileSync(join(TLS, cert)) }, (req, res) => {
    const upstream = request(`${emu.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  return listen(server as unknown as Server);
}

describe("doctor: everything in place", () => {
  it("an admin token: every line ✓, exit 0, and the token is never printed", async () => {
    const token = emu.emulator.adminToken;
    const out = await run(as(token));
    expect(out.status).toBe(0);
    expect(out.lines).toEqual([
      `✓ configuration: server ${emu.url} from WOODPECKER_SERVER, token from WOODPECKER_TOKEN`,
      `✓ server reachable: ${emu.url.replace("http://", "")} answers`,
      "✓ TLS: not used: plain http on this machine",
      `✓ Woodpecker root: ${emu.url} is a Woodpecker server`,
      "✓ server version: Woodpecker 3.17.0, supported (v3.0.0 to before v4.0.0; tested against 3.17.0); it lacks Forge.orgs (3.18.0), each refused at preview",
      "✓ token: valid: admin, an instance admin",
      "✓ repositories: administers 5: acme/api (inactive), acme/web (inactive), acme/infra (inactive), admin/dotfiles (inactive), acme/ü-tool.v2 (inactive); as instance admin, also every active repository of other users",
      "✓ organizations: as instance admin, may manage every organization (none on the server yet) and its own (admin)",
      "✓ instance-level kinds: may manage GlobalSecret, GlobalRegistry, Agent, User, Forge",
    ]);
    expect(out.stdout).toContain("Everything the provider needs is in place.");
    expect(out.stdout + out.stderr).not.toContain(token);
  });

  it("active repositories and existing orgs are named; more than five are counted", async () => {
    const admin = emu.client();
    for (const id of ["101", "102"]) await admin.post(`/repos?forge_remote_id=${id}`, undefined);
    await admin.close();
    const { status, byId } = await doctorJson(as(emu.emulator.adminToken));
    expect(status).toBe(0);
    expect(byId.repositories.detail).toBe(
      "administers 5: acme/api, acme/web, acme/infra (inactive), admin/dotfiles (inactive), acme/ü-tool.v2 (inactive); as instance admin, also every active repository of other users",
    );
    expect(byId.orgs.detail).toBe("as instance admin, may manage every organization (1: acme) and its own (admin)");
    await emu.seed({ forgeRepos: Array.from({ length: 3 }, (_, i) => ({ owner: "admin", name: `extra-${i}`, admins: ["admin"] })) });
    expect((await doctorJson(as(emu.emulator.adminToken))).byId.repositories.detail).toMatch(/^administers 8: .* and 3 more;/);
    // An active repository the forge lists last is still named: active ones come first.
    const again = emu.client();
    const last = ((await again.get<any[]>("/user/repos", { query: { all: true } })) ?? []).at(-1);
    await again.post(`/repos?forge_remote_id=${last.forge_remote_id}`, undefined);
    await again.close();
    expect((await doctorJson(as(emu.emulator.adminToken))).byId.repositories.detail).toMatch(
      new RegExp(`^administers 8: acme/api, acme/web, ${last.full_name}, .* and 3 more;`),
    );
  });
});

describe("doctor: what a non-admin token may manage", () => {
  it("names its repositories (admin and push only), its orgs (admin and member only) and warns about instance-level kinds; exit 0", async () => {
    const admin = emu.client();
    await admin.post("/repos?forge_remote_id=101", undefined); // acme/api: alice may push only; creates org acme (alice: member)
    await admin.close();
    const out = await run(as(emu.emulator.userToken));
    expect(out.status).toBe(0);
    expect(out.lines.slice(5)).toEqual([
      "✓ token: valid: alice, not an instance admin",
      "✓ repositories: administers 2: acme/web (inactive), alice/notes (inactive); push only on 1 (secrets, registries and crons; no Repository settings or activation): acme/api",
      "✓ organizations: may manage alice (its own); member only of acme (OrgSecret, OrgRegistry and OrgAgent there need org admin on the forge)",
      "! instance-level kinds: not an instance admin: GlobalSecret, GlobalRegistry, Agent, User, Forge cannot be managed with this token — fix: only if the program declares them: use an instance admin's token (admins are named by the server's WOODPECKER_ADMIN)",
    ]);
    expect(out.stdout).toContain("Everything the provider needs is in place (1 warning).");
  });

  it("a user the forge gives no repository: a warning that says which resources will be refused", async () => {
    const [bob] = (await emu.seed({ users: [{ login: "bob" }] })).users as Array<{ token: string }>;
    const { status, byId } = await doctorJson(as(bob!.token));
    expect(status).toBe(0);
    expect(byId.repositories).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("Repository, RepositorySecret, RepositoryRegistry and RepositoryCron will be refused"),
      fix: expect.stringContaining("forge"),
    });
    expect(byId.orgs).toMatchObject({ status: "ok", detail: "may manage bob (its own)" });
  });
});

describe("doctor: each check's failure", () => {
  it("no server configured: ✗ configuration with the command that sets it; the rest not checked; exit 1", async () => {
    const out = await run({});
    expect(out.status).toBe(1);
    expect(out.lines[0]).toBe(
      "✗ configuration: The Woodpecker server is not configured — fix: run `pulumi config set woodpecker:server https://ci.example.com` or set WOODPECKER_SERVER",
    );
    expect(out.lines.slice(1)).toHaveLength(8);
    for (const line of out.lines.slice(1)) expect(line).toMatch(/^- .*: not checked \(the configuration is not usable\)$/);
    expect(out.stdout).toContain("1 check failed");
  });

  it("the /api URL and a URL that is not one: the provider's own URL checks, with the fix", async () => {
    const api = await run({ WOODPECKER_SERVER: `${emu.url}/api/` });
    expect(api.status).toBe(1);
    expect(api.lines[0]).toBe(`✗ configuration: woodpecker:server must be the server's root URL, not its API path — fix: use ${emu.url}`);
    const notUrl = await run({ WOODPECKER_SERVER: "ci.example.com" });
    expect(notUrl.lines[0]).toBe(
      '✗ configuration: woodpecker:server "ci.example.com" is not a URL — fix: use the server\'s root URL such as https://ci.example.com',
    );
  });

  it("connection settings that do not parse (skipVerify, a proxy URL): ✗ configuration with the fix, the rest not checked", async () => {
    const skip = await run({ ...as("t"), WOODPECKER_SKIP_VERIFY: "maybe" });
    expect(skip.status).toBe(1);
    expect(skip.lines[0]).toBe('✗ configuration: woodpecker:skipVerify must be true or false, got "maybe" — fix: set woodpecker:skipVerify to true or false');
    expect(skip.lines[1]).toMatch(/^- server reachable: not checked/);
    const proxy = await run({ ...as("t", "https://ci.example.com"), HTTPS_PROXY: "http://[bad" });
    expect(proxy.lines[0]).toBe(
      "✗ configuration: HTTPS_PROXY is not a proxy URL (it does not parse) — fix: set HTTPS_PROXY to a URL such as http://proxy.example.com:3128",
    );
  });

  it("a port nobody listens on: ✗ server reachable (connection refused)", async () => {
    const closed = createHttpServer();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    const out = await run(as("t", `http://127.0.0.1:${port}`));
    expect(out.status).toBe(1);
    expect(out.lines[1]).toBe(
      `✗ server reachable: nothing accepts connections at 127.0.0.1:${port} (connection refused) — fix: check the port in woodpecker:server and that the server is running`,
    );
    expect(out.lines[2]).toBe("- TLS: not checked (the server is not reachable)");
  });

  it("a host name that does not resolve: ✗ server reachable, naming the host", async () => {
    const { status, byId } = await doctorJson(as("t", "http://woodpecker.invalid"));
    expect(status).toBe(1);
    expect(byId.reachable).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/^the host name woodpecker\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\)$/),
      fix: expect.stringContaining("check the host name"),
    });
  });

  it("a web page at the URL: ✗ this is not the Woodpecker root, and the fix names the root without the path", async () => {
    const port = await listen(createHttpServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Portal</title>")));
    const out = await run(as("t", `http://127.0.0.1:${port}/ci/repos`));
    expect(out.status).toBe(1);
    expect(out.lines[3]).toBe(
      `✗ Woodpecker root: GET http://127.0.0.1:${port}/ci/repos/version answered an HTML page: this is not the Woodpecker root (a web page, a login portal or a proxy answers there) — fix: set woodpecker:server to the server's root URL, likely http://127.0.0.1:${port} (without /ci/repos)`,
    );
    expect(out.lines[4]).toBe("- server version: not checked (not a Woodpecker root)");
  });

  it("another JSON API at the URL: ✗ Woodpecker root for a 404 and for JSON without a version", async () => {
    const port = await listen(
      createHttpServer((req, res) => {
        if (req.url === "/version") res.writeHead(200, { "content-type": "application/json" }).end('{"name":"something else"}');
        else res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      }),
    );
    const noVersion = await doctorJson(as("t", `http://127.0.0.1:${port}`));
    expect(noVersion.byId.woodpecker).toMatchObject({
      status: "fail",
      detail: `GET http://127.0.0.1:${port}/version answered JSON without a version: not a Woodpecker server`,
    });
    const notFound = await doctorJson(as("t", `http://127.0.0.1:${port}/other`));
    expect(notFound.byId.woodpecker).toMatchObject({
      status: "fail",
      detail: `GET http://127.0.0.1:${port}/other/version did not answer as Woodpecker does (HTTP 404)`,
    });
    expect(notFound.status).toBe(1);
  });

  it.each([
    ["2.8.3", "fail", 1, "Woodpecker 2.8.3 is not supported: the provider needs the API of Woodpecker 3"],
    ["4.0.0", "fail", 1, "Woodpecker 4.0.0 is not supported yet: the provider speaks the API of Woodpecker 3"],
    ["dev", "warn", 0, 'the server reports "dev", a development build: newer than every release, so some fields or answers may differ from 3.17.0'],
    [
      "3.10.1",
      "ok",
      0,
      "Woodpecker 3.10.1, supported (v3.0.0 to before v4.0.0; tested against 3.17.0); it lacks Repository.configExtensionEndpoint (3.11.0), Repository.configExtensionExclusive (3.14.0), Repository.configExtensionNetrc (3.14.0), Repository.registryExtensionEndpoint (3.14.0), Repository.registryExtensionNetrc (3.14.0), Repository.secretExtensionEndpoint (3.14.0), Repository.secretExtensionNetrc (3.14.0), RepositorySecret.note (3.13.0), RepositoryCron.timezone (3.15.0), RepositoryCron.variables (3.13.0), RepositoryCron.enabled (3.13.0), OrgSecret.note (3.13.0), GlobalSecret.note (3.13.0), User.login changes (3.12.0), User.forgeId (3.12.0), Forge.clientSecret (3.12.0), Forge.orgs (3.18.0), each refused at preview",
    ],
    ["3.18.0", "ok", 0, "Woodpecker 3.18.0, supported (v3.0.0 to before v4.0.0; tested against 3.17.0)"],
    ["3.17.2", "ok", 0, "Woodpecker 3.17.2, supported (v3.0.0 to before v4.0.0; tested against 3.17.0); it lacks Forge.orgs (3.18.0), each refused at preview"],
  ])("a server that reports %s: version %s, exit %i", async (version, status, exit, detail) => {
    await emu.control("POST", "options", { version });
    const out = await doctorJson(as(emu.emulator.adminToken));
    expect(out.byId.version).toMatchObject({ status, detail });
    if (status === "fail") expect(out.byId.version.fix).toMatch(/3\.17\.0/);
    expect(out.status).toBe(exit);
  });

  it("no token: ✗ token with how to set one", async () => {
    const out = await run({ WOODPECKER_SERVER: emu.url });
    expect(out.status).toBe(1);
    expect(out.lines[0]).toBe(`✓ configuration: server ${emu.url} from WOODPECKER_SERVER, no token`);
    expect(out.lines[5]).toBe(
      "✗ token: no token is configured — fix: run `pulumi config set --secret woodpecker:token <token>` or set WOODPECKER_TOKEN; create a personal access token in the Woodpecker web UI under user settings → personal access token",
    );
    expect(out.lines[6]).toBe("- repositories: not checked (no token)");
  });

  it("a token the server refuses (401): ✗ token, never printed", async () => {
    const revoked = emu.emulator.userToken;
    // rotating alice's token (it answers text/plain) revokes her old ones
    const rotated = await fetch(`${emu.url}/api/user/token`, { method: "DELETE", headers: { authorization: `Bearer ${revoked}` } });
    expect(rotated.status).toBe(200);
    const out = await run(as(revoked));
    expect(out.status).toBe(1);
    expect(out.lines[5]).toBe(
      "✗ token: the server refuses the token from WOODPECKER_TOKEN (HTTP 401): it is mistyped, revoked or expired — fix: create a personal access token in the Woodpecker web UI under user settings → personal access token, then set it again in WOODPECKER_TOKEN",
    );
    expect(out.lines.slice(6).every((l) => l.endsWith("not checked (no valid token)"))).toBe(true);
    expect(out.stdout + out.stderr).not.toContain(revoked);
  });

  it("a token pasted with its Bearer prefix or with a line break: ✗ configuration naming the mistake", async () => {
    const token = emu.emulator.adminToken;
    const prefixed = await run(as(`Bearer ${token}`));
    expect(prefixed.lines[0]).toBe('✗ configuration: woodpecker:token starts with "Bearer " — fix: set the token alone; the provider adds the Bearer scheme');
    const newline = await run(as(`${token}\n`));
    expect(newline.lines[0]).toBe("✗ configuration: woodpecker:token has spaces or a line break around it — fix: set the token without them");
    expect([prefixed.status, newline.status]).toEqual([1, 1]);
    expect(prefixed.stdout + newline.stdout).not.toContain(token);
  });

  it("the server fails to list repositories, orgs or an instance-level kind: ✗ on that line", async () => {
    await emu.faults([
      { method: "GET", path: "^/api/user/repos$", status: 500 },
      { method: "GET", path: "^/api/orgs$", status: 500 },
      { method: "GET", path: "^/api/agents$", status: 500 },
    ]);
    const { status, byId } = await doctorJson(as(emu.emulator.adminToken));
    expect(status).toBe(1);
    expect(byId.repositories).toMatchObject({ status: "fail", detail: expect.stringMatching(/^could not list them: .*HTTP 500/) });
    expect(byId.orgs).toMatchObject({ status: "fail", detail: expect.stringMatching(/^could not read them: .*HTTP 500/) });
    expect(byId.instance).toMatchObject({ status: "fail", detail: "the server refuses to list Agent (HTTP 500)" });
  });
});

describe("doctor: TLS", () => {
  it("woodpecker:skipVerify: ! TLS says the certificate is not verified", async () => {
    const server = `https://127.0.0.1:${await httpsFront("server.pem")}`;
    const result = await doctorJson({ ...as(emu.emulator.adminToken, server), WOODPECKER_SKIP_VERIFY: "true" });
    expect(result.byId.tls).toMatchObject({ status: "warn", detail: "the certificate of 127.0.0.1 is not verified (woodpecker:skipVerify)" });
    expect(result.status).toBe(0);
  });

  it("a certificate from a private CA: ✗ TLS pointing at woodpecker:caCert; with NODE_EXTRA_CA_CERTS set, every line ✓", async () => {
    const port = await httpsFront("server.pem");
    const server = `https://127.0.0.1:${port}`;
    const untrusted = await run(as(emu.emulator.adminToken, server));
    expect(untrusted.status).toBe(1);
    expect(untrusted.lines[1]).toBe(`✓ server reachable: 127.0.0.1:${port} accepts connections`);
    expect(untrusted.lines[2]).toMatch(
      /^✗ TLS: the certificate of 127\.0\.0\.1 is signed by a CA that is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): a private CA, or a proxy that intercepts TLS — fix: set woodpecker:caCert to the PEM file/,
    );
    expect(untrusted.lines[3]).toBe("- Woodpecker root: not checked (no trusted TLS connection)");

    const ca = join(TLS, "ca.pem");
    const trusted = await doctorJson({ ...as(emu.emulator.adminToken, server), NODE_EXTRA_CA_CERTS: ca });
    expect(trusted.status).toBe(0);
    expect(trusted.checks.map((c) => c.status)).toEqual(IDS.map(() => "ok"));
    expect(trusted.byId.tls.detail).toBe(`the certificate of 127.0.0.1 is valid and trusted (Node's CA store and NODE_EXTRA_CA_CERTS=${ca})`);
  });

  it("a certificate for another host, an expired one, and https to a plain http port", async () => {
    const env = { NODE_EXTRA_CA_CERTS: join(TLS, "ca.pem") };
    const valid = await httpsFront("server.pem");
    const otherHost = await doctorJson({ ...as("t", `https://localhost:${valid}`), ...env });
    expect(otherHost.byId.tls).toMatchObject({
      status: "fail",
      detail: "the certificate is not issued for localhost (ERR_TLS_CERT_ALTNAME_INVALID)",
      fix: expect.stringContaining("host name"),
    });
    const expired = await doctorJson({ ...as("t", `https://127.0.0.1:${await httpsFront("expired.pem")}`), ...env });
    expect(expired.byId.tls).toMatchObject({
      status: "fail",
      detail: "the certificate of 127.0.0.1 has expired (CERT_HAS_EXPIRED)",
      fix: "renew the server's certificate",
    });
    const plain = await doctorJson(as("t", emu.url.replace("http:", "https:")));
    expect(plain.byId.tls).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/does not speak TLS \((EPROTO|ERR_SSL_WRONG_VERSION_NUMBER)\)$/),
      fix: "use http:// or the server's HTTPS port",
    });
    expect(expired.status + plain.status).toBe(2);
  });

  it("plain http to another machine: a warning that the token travels unencrypted, not a failure", async () => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === "IPv4")?.address;
    if (!address) throw new Error("this test needs a non-loopback IPv4 address on the machine");
    const exposed = await startEmulator({ host: "0.0.0.0", port: 0 });
    try {
      const server = exposed.url.replace("0.0.0.0", address);
      const { status, byId } = await doctorJson(as(exposed.adminToken, server));
      expect(byId.tls).toEqual({
        id: "tls",
        title: "TLS",
        status: "warn",
        detail: `not used: the token travels unencrypted to ${address}`,
        fix: "use the server's https:// URL",
      });
      expect(status).toBe(0);
    } finally {
      await exposed.close();
    }
  });
});

describe("doctor: stack config", () => {
  it("in a Pulumi project without a pulumi CLI: a warning that the stack config was not read, and the environment is used", async () => {
    const project = mkdtempSync(join(tmpdir(), "doctor-project-"));
    writeFileSync(join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    mkdirSync(join(project, "src"));
    const noPulumi = mkdtempSync(join(tmpdir(), "doctor-path-")); // PATH with nothing on it
    try {
      const out = await new Promise<{ status: number; stdout: string }>((done) =>
        execFile(
          process.execPath,
          [BIN, "doctor", "--json"],
          { cwd: join(project, "src"), env: { PATH: noPulumi, HOME: cwd, ...as(emu.emulator.adminToken) } },
          (error, stdout) => done({ status: error ? Number(error.code) : 0, stdout }),
        ),
      );
      const config = (JSON.parse(out.stdout) as Check[])[0]!;
      expect(config).toEqual({
        id: "config",
        title: "configuration",
        status: "warn",
        detail: `server ${emu.url} from WOODPECKER_SERVER, token from WOODPECKER_TOKEN; pulumi is not on PATH, so the stack config of ${project} was not read`,
        fix: "make `pulumi config` work in this project (log in, select the stack, set PULUMI_CONFIG_PASSPHRASE) or pass --stack",
      });
      expect(out.status).toBe(0);
    } finally {
      rmSync(project, { recursive: true, force: true });
      rmSync(noPulumi, { recursive: true, force: true });
    }
  });
});

describe("doctor: --json and the command line", () => {
  it("--json prints the nine checks in order as {id, title, status, detail, fix?} and keeps the exit status", async () => {
    const ok = await doctorJson(as(emu.emulator.userToken));
    expect(ok.checks.map((c) => c.id)).toEqual(IDS);
    for (const check of ok.checks) {
      expect(Object.keys(check).sort()).toEqual(check.fix === undefined ? ["detail", "id", "status", "title"] : ["detail", "fix", "id", "status", "title"]);
      expect(["ok", "warn", "fail", "skip"]).toContain(check.status);
    }
    expect(ok.status).toBe(0);
    const failed = await doctorJson({});
    expect(failed.checks.map((c) => [c.id, c.status])).toEqual(IDS.map((id) => [id, id === "config" ? "fail" : "skip"]));
    expect(failed.status).toBe(1);
  });

  it("usage: --help, an unknown option, an unknown command", async () => {
    const help = await run({}, ["--help"]);
    expect([help.status, help.stdout]).toEqual([
      0,
      expect.stringMatching(/commands:\n {2}doctor +check the server URL.*\n {2}inventory +write what the token can see/),
    ]);
    const doctorHelp = await run({}, ["doctor", "--help"]);
    expect([doctorHelp.status, doctorHelp.stdout]).toEqual([0, expect.stringContaining("--json")]);
    const badOption = await run({}, ["doctor", "--jsn"]);
    expect([badOption.status, badOption.stderr]).toEqual([2, expect.stringContaining('unknown option "--jsn"')]);
    const badCommand = await run({}, ["doctr"]);
    expect([badCommand.status, badCommand.stderr]).toEqual([2, expect.stringContaining('unknown command "doctr"')]);
  });
});
