/**
 * `pulumi-woodpecker doctor`: before a `pulumi up`, checks in order what the provider needs from its
 * configuration, the network and the server, and prints one line per check with the fix. A check
 * whose prerequisite failed is skipped. Exit status 0 only when nothing failed (warnings allowed).
 * The token is never printed.
 */
import { WoodpeckerClient } from "../provider/client/client.js";
import { WoodpeckerError } from "../provider/client/errors.js";
import { parseVersion, SUPPORTED_SERVERS, versionAtLeast } from "../provider/client/versions.js";
import { ConfigError, resolveConfig, type ProviderConfig } from "../provider/config.js";
import { joined, listed, listPath, nounWithin, type Listed } from "../provider/engine/listings.js";
import type { Rights } from "../provider/engine/spec.js";
import { allSpecs, specs } from "../provider/resources/index.js";
import { readStackConfig, sourceOf, type StackConfig } from "./settings.js";

export type Status = "ok" | "warn" | "fail" | "skip";

export interface Check {
  id: "config" | "reachable" | "tls" | "woodpecker" | "version" | "token" | "repositories" | "orgs" | "instance";
  title: string;
  status: Status;
  detail: string;
  fix?: string;
}

/** The release the provider and its emulator are tested against. */

/**
 * How to make Node trust a private CA or reach the server through a proxy. The provider has no
 * settings of its own for these yet; when it does, these texts are the one place to point at them.
 */
export const NETWORK_FIXES = {
  trust:
    "set woodpecker:caCert to the PEM file of the CA that signed the server's certificate (or of a TLS-intercepting proxy), or NODE_EXTRA_CA_CERTS=/path/to/ca.pem in the environment of pulumi and of this command; woodpecker:skipVerify turns verification off (insecure)",
  /** Appended where a proxy may be why: DNS failures and timeouts. */
  proxy: "if the server is only reachable through an HTTP proxy, set HTTPS_PROXY (and NO_PROXY) as for curl, or woodpecker:proxy",
};

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|EPROTO/;
/** What each kind needs, from the specs' `list` descriptions: instance admin, repository rights, org admin. */
const LISTED = listed(Object.values(specs));
const kindsNeeding = (...rights: Rights[]) => LISTED.filter(({ list }) => rights.includes(list.rights));
const INSTANCE_KINDS = kindsNeeding("instance admin");
const REPOSITORY_KINDS = kindsNeeding("repository admin", "repository push");
/** Kinds inside an org that need org admin there (not the org itself). */
const ORG_KINDS = kindsNeeding("org admin").filter(({ list }) => list.scope);
/** The org list, readable by instance admins: the scope kind the org kinds name. */
const ORG_LIST = LISTED.find(({ list }) => list.referencedAs !== undefined && list.referencedAs === ORG_KINDS[0]?.list.scope)!.list;
const kindNames = (kinds: Listed[]) => joined(kinds.map(({ spec }) => spec.kind));
const LIST_AT_MOST = 5;

interface Options {
  json: boolean;
  stack?: string;
}

const HELP = `usage: pulumi-woodpecker doctor [--json] [--stack <name>]

Checks, in order: the configuration (server URL and token), that the server is reachable, TLS trust,
that the URL is a Woodpecker root, the server's version, the token (valid, whose, admin or not) and
what it may manage. Configured like the provider: the current stack's woodpecker:server and
woodpecker:token when run in a Pulumi project (read with \`pulumi config\`), else WOODPECKER_SERVER and
WOODPECKER_TOKEN. Exit status 0 when nothing failed, 1 when a check failed, 2 on a usage error.

  --json          print the checks as a JSON array of {id, title, status, detail, fix?}
  --stack <name>  read this stack's config instead of the current stack's`;

function parseArgs(args: string[]): Options | string {
  const options: Options = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--stack" && args[i + 1] !== undefined) options.stack = args[++i];
    else if (arg.startsWith("--stack=")) options.stack = arg.slice("--stack=".length);
    else if (arg === "--help" || arg === "-h") return "";
    else return `unknown option ${JSON.stringify(arg)}`;
  }
  return options;
}

export async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === "string") {
    if (options) console.error(`pulumi-woodpecker doctor: ${options}\n`);
    (options ? console.error : console.log)(HELP);
    return options ? 2 : 0;
  }
  const checks = await runChecks(readStackConfig(process.cwd(), options.stack));
  if (options.json) console.log(JSON.stringify(checks, null, 2));
  else console.log(render(checks));
  return checks.some((check) => check.status === "fail") ? 1 : 0;
}

const MARK: Record<Status, string> = { ok: "✓", warn: "!", fail: "✗", skip: "-" };

export function render(checks: Check[]): string {
  const lines = checks.map((c) => `${MARK[c.status]} ${c.title}: ${c.detail}${c.fix ? ` — fix: ${c.fix}` : ""}`);
  const failed = checks.filter((c) => c.status === "fail").length;
  const warned = checks.filter((c) => c.status === "warn").length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  lines.push(
    failed
      ? `\n${plural(failed, "check")} failed${warned ? `, ${plural(warned, "warning")}` : ""}: fix the first ✗ and run doctor again.`
      : `\nEverything the provider needs is in place${warned ? ` (${plural(warned, "warning")})` : ""}.`,
  );
  return lines.join("\n");
}

/** Every check, in order; each later one only runs when what it builds on passed. */
export async function runChecks(stack: StackConfig, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (check: Check) => (checks.push(check), check);
  const skipRest = (why: string) => {
    for (const id of Object.keys(TITLES) as Check["id"][]) {
      if (!checks.some((c) => c.id === id)) add({ id, title: TITLES[id], status: "skip", detail: `not checked (${why})` });
    }
    return checks;
  };

  // 1. configuration
  let config: ProviderConfig;
  try {
    config = resolveConfig(stack.values, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const fix = stack.problem ? `${error.fix} (${stack.problem})` : error.fix;
    add({ id: "config", title: TITLES.config, status: "fail", detail: error.problem, fix });
    return skipRest("the configuration is not usable");
  }
  const tokenSource = config.token ? `token from ${sourceOf("token", stack, env)}` : "no token";
  add({
    id: "config",
    title: TITLES.config,
    status: stack.problem ? "warn" : "ok",
    detail: `server ${config.server} from ${sourceOf("server", stack, env)}, ${tokenSource}${stack.problem ? `; ${stack.problem}` : ""}`,
    fix: stack.problem ? "make `pulumi config` work in this project (log in, select the stack, set PULUMI_CONFIG_PASSPHRASE) or pass --stack" : undefined,
  });

  // Diagnosis wants one quick answer, not the provider's retries.
  const client = new WoodpeckerClient({ ...config, retries: 0, timeoutMs: Math.min(config.timeoutMs ?? 10_000, 10_000) });
  try {
    // 2–5. one GET /version tells reachability, TLS, whether this is a Woodpecker root and its version
    const rootProblem = await checkRoot(client, config, add);
    if (rootProblem) return skipRest(rootProblem);

    // 6. token
    if (!config.token) {
      add({
        id: "token",
        title: TITLES.token,
        status: "fail",
        detail: "no token is configured",
        fix: `run \`pulumi config set --secret woodpecker:token <token>\` or set WOODPECKER_TOKEN; ${CREATE_TOKEN}`,
      });
      return skipRest("no token");
    }
    let user: { login: string; admin: boolean };
    try {
      user = await client.get<{ login: string; admin: boolean }>("/user");
    } catch (error) {
      add(tokenFailure(error, sourceOf("token", stack, env)!));
      return skipRest("no valid token");
    }
    add({ id: "token", title: TITLES.token, status: "ok", detail: `valid: ${user.login}, ${user.admin ? "an instance admin" : "not an instance admin"}` });

    // 7–9. what the token may manage
    const repos = await checkRepositories(client, user, add);
    await checkOrgs(client, user, repos, add);
    await checkInstance(client, user, add);
    return checks;
  } finally {
    await client.close();
  }
}

const TITLES: Record<Check["id"], string> = {
  config: "configuration",
  reachable: "server reachable",
  tls: "TLS",
  woodpecker: "Woodpecker root",
  version: "server version",
  token: "token",
  repositories: "repositories",
  orgs: "organizations",
  instance: "instance-level kinds",
};

const CREATE_TOKEN = "create a personal access token in the Woodpecker web UI under user settings → personal access token";

/** Resolves to why the later checks cannot run, or undefined when the server is a Woodpecker root. */
async function checkRoot(client: WoodpeckerClient, config: ProviderConfig, add: (check: Check) => Check): Promise<string | undefined> {
  const url = new URL(config.server);
  const where = `${url.hostname}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;
  let answer: unknown;
  try {
    answer = await client.root<unknown>("/version");
  } catch (error) {
    if (!(error instanceof WoodpeckerError)) throw error;
    const code = error.code ?? "";
    if ((error.reason === "connection" || error.reason === "timeout") && !TLS_CODE.test(code)) {
      add({ id: "reachable", title: TITLES.reachable, status: "fail", ...unreachable(code, where, error) });
      return "the server is not reachable";
    }
    add({ id: "reachable", title: TITLES.reachable, status: "ok", detail: `${where} accepts connections` });
    if (TLS_CODE.test(code)) {
      add({ id: "tls", title: TITLES.tls, status: "fail", ...tlsFailure(code, url) });
      return "no trusted TLS connection";
    }
    add(tlsOk(url, config));
    const detail =
      error.reason === "not-json" && /html/.test(error.body ?? "")
        ? `GET ${config.server}/version answered an HTML page: this is not the Woodpecker root (a web page, a login portal or a proxy answers there)`
        : `GET ${config.server}/version did not answer as Woodpecker does (${error.status ? `HTTP ${error.status}` : error.reason})`;
    add({ id: "woodpecker", title: TITLES.woodpecker, status: "fail", detail, fix: rootFix(url) });
    return "not a Woodpecker root";
  }
  add({ id: "reachable", title: TITLES.reachable, status: "ok", detail: `${where} answers` });
  add(tlsOk(url, config));
  const version = (answer as { version?: unknown } | undefined)?.version;
  if (typeof version !== "string") {
    add({
      id: "woodpecker",
      title: TITLES.woodpecker,
      status: "fail",
      detail: `GET ${config.server}/version answered JSON without a version: not a Woodpecker server`,
      fix: rootFix(url),
    });
    return "not a Woodpecker root";
  }
  add({ id: "woodpecker", title: TITLES.woodpecker, status: "ok", detail: `${config.server} is a Woodpecker server` });
  add(versionCheck(version));
  return undefined;
}

function unreachable(code: string, where: string, error: WoodpeckerError): { detail: string; fix: string } {
  const host = where.replace(/:\d+$/, "");
  if (code === "ECONNREFUSED") {
    return {
      detail: `nothing accepts connections at ${where} (connection refused)`,
      fix: "check the port in woodpecker:server and that the server is running",
    };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return { detail: `the host name ${host} does not resolve (${code})`, fix: `check the host name in woodpecker:server; ${NETWORK_FIXES.proxy}` };
  }
  if (error.reason === "timeout" || /TIMEOUT/.test(code)) {
    return {
      detail: `no answer from ${where} in time (${code || "timeout"})`,
      fix: `check woodpecker:server and that a firewall lets this machine reach ${where}; ${NETWORK_FIXES.proxy}`,
    };
  }
  return { detail: `no answer from ${where} (${code || error.message})`, fix: "check woodpecker:server and that the server is running" };
}

function tlsOk(url: URL, config: ProviderConfig): Check {
  if (url.protocol === "https:" && config.skipVerify) {
    return {
      id: "tls",
      title: TITLES.tls,
      status: "warn",
      detail: `the certificate of ${url.hostname} is not verified (woodpecker:skipVerify)`,
      fix: "trust the server's CA with woodpecker:caCert and turn skipVerify off",
    };
  }
  if (url.protocol === "https:") {
    const extra =
      (config.caCert ? " and woodpecker:caCert" : "") + (process.env.NODE_EXTRA_CA_CERTS ? ` and NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS}` : "");
    return { id: "tls", title: TITLES.tls, status: "ok", detail: `the certificate of ${url.hostname} is valid and trusted (Node's CA store${extra})` };
  }
  if (isLoopback(url.hostname)) return { id: "tls", title: TITLES.tls, status: "ok", detail: "not used: plain http on this machine" };
  return {
    id: "tls",
    title: TITLES.tls,
    status: "warn",
    detail: `not used: the token travels unencrypted to ${url.hostname}`,
    fix: "use the server's https:// URL",
  };
}

function tlsFailure(code: string, url: URL): { detail: string; fix: string } {
  const host = url.hostname;
  switch (code) {
    case "CERT_HAS_EXPIRED":
      return { detail: `the certificate of ${host} has expired (${code})`, fix: "renew the server's certificate" };
    case "CERT_NOT_YET_VALID":
      return { detail: `the certificate of ${host} is not valid yet (${code})`, fix: "check this machine's clock and the certificate's dates" };
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return {
        detail: `the certificate is not issued for ${host} (${code})`,
        fix: "use the host name the certificate names in woodpecker:server, or reissue the certificate",
      };
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return { detail: `the certificate of ${host} is self-signed and not trusted (${code})`, fix: NETWORK_FIXES.trust };
    case "EPROTO":
    case "ERR_SSL_WRONG_VERSION_NUMBER":
      return { detail: `${url.host} does not speak TLS (${code})`, fix: `use http:// or the server's HTTPS port` };
    default:
      return {
        detail: `the certificate of ${host} is signed by a CA that is not trusted (${code}): a private CA, or a proxy that intercepts TLS`,
        fix: NETWORK_FIXES.trust,
      };
  }
}

function rootFix(url: URL): string {
  const path = url.pathname.replace(/\/+$/, "");
  return path
    ? `set woodpecker:server to the server's root URL, likely ${url.origin} (without ${path})`
    : "set woodpecker:server to the URL of the Woodpecker web UI, the address its users log in at";
}

function versionCheck(version: string): Check {
  const base = { id: "version" as const, title: TITLES.version };
  const { tested, from, before } = SUPPORTED_SERVERS;
  const upgrade = `run Woodpecker ${tested} (the release this provider is tested against)`;
  const release = parseVersion(version);
  if (!release) {
    return {
      ...base,
      status: "warn",
      detail: `the server reports ${JSON.stringify(version)}, a development build: newer than every release, so some fields or answers may differ from ${tested}`,
      fix: `for production, ${upgrade}`,
    };
  }
  const [major] = release;
  const [fromMajor] = parseVersion(from)!;
  if (major < fromMajor)
    return { ...base, status: "fail", detail: `Woodpecker ${version} is not supported: the provider needs the API of Woodpecker ${fromMajor}`, fix: upgrade };
  if (versionAtLeast(version, before))
    return {
      ...base,
      status: "fail",
      detail: `Woodpecker ${version} is not supported yet: the provider speaks the API of Woodpecker ${fromMajor}`,
      fix: `use a provider release for Woodpecker ${major}, or ${upgrade}`,
    };
  if (!versionAtLeast(version, from)) {
    return {
      ...base,
      status: "warn",
      detail: `Woodpecker ${version} is older than ${from}, the oldest release the provider supports: some fields or answers may differ`,
      fix: `upgrade the server to ${tested} or newer`,
    };
  }
  // An older release is served whole but for the inputs a later one added (each refused at preview).
  const lacking = Object.values(allSpecs)
    .filter((spec) => !spec.members)
    .flatMap((spec) =>
      Object.entries(spec.inputs).flatMap(([key, field]) => [
        { name: `${spec.kind}.${key}`, since: field.since },
        { name: `${spec.kind}.${key} changes`, since: field.changeableSince },
      ]),
    )
    .filter(({ since }) => since && !versionAtLeast(version, since))
    .map(({ name, since }) => `${name} (${since})`);
  const lacks = lacking.length ? `; it lacks ${lacking.join(", ")}, each refused at preview` : "";
  return { ...base, status: "ok", detail: `Woodpecker ${version}, supported (v${from} to before v${before}; tested against ${tested})${lacks}` };
}

function tokenFailure(error: unknown, source: string): Check {
  const base = { id: "token" as const, title: TITLES.token, status: "fail" as const };
  if (error instanceof WoodpeckerError && error.reason === "unauthorized") {
    return {
      ...base,
      detail: `the server refuses the token from ${source} (HTTP 401): it is mistyped, revoked or expired`,
      fix: `${CREATE_TOKEN}, then set it again in ${source}`,
    };
  }
  return { ...base, detail: `GET /api/user failed: ${error instanceof Error ? error.message : String(error)}`, fix: "check the server's logs" };
}

interface UserRepo {
  id?: number;
  org_id?: number;
  owner: string;
  full_name: string;
  active: boolean;
}
interface RepoAccess {
  repo: UserRepo;
  push: boolean;
  admin: boolean;
}

function names(items: string[]): string {
  const shown = items.slice(0, LIST_AT_MOST).join(", ");
  return items.length > LIST_AT_MOST ? `${shown} and ${items.length - LIST_AT_MOST} more` : shown;
}

/** The forge repos the user can push to, active or not; inactive ones are listed only to their admins. */
async function checkRepositories(client: WoodpeckerClient, user: { admin: boolean }, add: (check: Check) => Check): Promise<RepoAccess[]> {
  const base = { id: "repositories" as const, title: TITLES.repositories };
  let access: RepoAccess[];
  try {
    const repos = (await client.get<UserRepo[] | null>("/user/repos", { query: { all: true } })) ?? [];
    access = await Promise.all(
      repos.map(async (repo) => {
        if (!repo.id) return { repo, push: true, admin: true }; // not stored yet: the server lists it only to forge admins
        const perm = await client.get<{ push: boolean; admin: boolean }>(`/repos/${repo.id}/permissions`);
        return { repo, push: perm.push, admin: perm.admin };
      }),
    );
  } catch (error) {
    add({
      ...base,
      status: "fail",
      detail: `could not list them: ${error instanceof Error ? error.message : String(error)}`,
      fix: "check the server's logs and its forge connection",
    });
    return [];
  }
  const label = (a: RepoAccess) => `${a.repo.full_name}${a.repo.active ? "" : " (inactive)"}`;
  // Active repositories first (the server lists in forge order), so they are named before "and N more".
  access.sort((a, b) => Number(b.repo.active) - Number(a.repo.active));
  const admin = access.filter((a) => a.admin).map(label);
  const pushOnly = access.filter((a) => a.push && !a.admin).map(label);
  const parts = [
    admin.length ? `administers ${admin.length}: ${names(admin)}` : "administers none",
    pushOnly.length
      ? `push only on ${pushOnly.length} (${joined(kindsNeeding("repository push").map(({ list }) => nounWithin(list)))}; no ${kindNames(kindsNeeding("repository admin"))} settings or activation): ${names(pushOnly)}`
      : "",
    user.admin ? "as instance admin, also every active repository of other users" : "",
  ].filter(Boolean);
  if (admin.length || pushOnly.length || user.admin) add({ ...base, status: "ok", detail: parts.join("; ") });
  else {
    add({
      ...base,
      status: "warn",
      detail: `the forge gives this user no repository it can push to or administer: ${kindNames(REPOSITORY_KINDS)} will be refused`,
      fix: "get admin (or push) rights on the repositories in the forge, then log in to Woodpecker again so it syncs them",
    });
  }
  return access;
}

interface OrgPerm {
  member: boolean;
  admin: boolean;
}

/** The kinds inside an org need org admin there: the user's own org, forge org admins, instance admins. */
async function checkOrgs(client: WoodpeckerClient, user: { login: string; admin: boolean }, repos: RepoAccess[], add: (check: Check) => Check): Promise<void> {
  const base = { id: "orgs" as const, title: TITLES.orgs };
  try {
    if (user.admin) {
      const orgs = await client.list<{ name: string }>(listPath(ORG_LIST.endpoint).path);
      const all = orgs.map((o) => o.name);
      const every = all.length ? `every organization (${all.length}: ${names(all)})` : "every organization (none on the server yet)";
      add({ ...base, status: "ok", detail: `as instance admin, may manage ${every} and its own (${user.login})` });
      return;
    }
    // Orgs a non-admin can see: its own and the owners of its repositories (GET /api/orgs is admin-only).
    const candidates = new Map<number, string>();
    const own = await client.get<{ id: number; name: string }>(`/orgs/lookup/${encodeURIComponent(user.login)}`).catch(() => undefined);
    if (own?.id) candidates.set(own.id, own.name);
    for (const { repo } of repos) if (repo.org_id && !candidates.has(repo.org_id)) candidates.set(repo.org_id, repo.owner);
    const perms = await Promise.all([...candidates].map(async ([id, name]) => ({ name, perm: await client.get<OrgPerm>(`/orgs/${id}/permissions`) })));
    const admin = perms.filter((p) => p.perm.admin).map((p) => (p.name === user.login ? `${p.name} (its own)` : p.name));
    const memberOnly = perms.filter((p) => p.perm.member && !p.perm.admin).map((p) => p.name);
    const parts = [
      admin.length ? `may manage ${names(admin)}` : "may manage none",
      memberOnly.length ? `member only of ${names(memberOnly)} (${kindNames(ORG_KINDS)} there need org admin on the forge)` : "",
    ].filter(Boolean);
    add({
      ...base,
      status: admin.length ? "ok" : "warn",
      detail: parts.join("; "),
      ...(admin.length ? {} : { fix: "get owner/admin rights on the organization in the forge" }),
    });
  } catch (error) {
    add({ ...base, status: "fail", detail: `could not read them: ${error instanceof Error ? error.message : String(error)}`, fix: "check the server's logs" });
  }
}

/** The kinds only instance admins may manage: can this token list each of them? */
async function checkInstance(client: WoodpeckerClient, user: { admin: boolean }, add: (check: Check) => Check): Promise<void> {
  const base = { id: "instance" as const, title: TITLES.instance };
  const kinds = INSTANCE_KINDS.map(({ spec }) => spec.kind).join(", ");
  if (!user.admin) {
    add({
      ...base,
      status: "warn",
      detail: `not an instance admin: ${kinds} cannot be managed with this token`,
      fix: "only if the program declares them: use an instance admin's token (admins are named by the server's WOODPECKER_ADMIN)",
    });
    return;
  }
  const refused: string[] = [];
  await Promise.all(
    INSTANCE_KINDS.map(async ({ spec, list }) => {
      const kind = spec.kind;
      try {
        await client.get(listPath(list.endpoint).path, { query: { page: 1, perPage: 1 } });
      } catch (error) {
        refused.push(
          `${kind} (${error instanceof WoodpeckerError && error.status ? `HTTP ${error.status}` : error instanceof Error ? error.message : String(error)})`,
        );
      }
    }),
  );
  if (refused.length) add({ ...base, status: "fail", detail: `the server refuses to list ${refused.join(", ")}`, fix: "check the server's logs" });
  else add({ ...base, status: "ok", detail: `may manage ${kinds}` });
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\./.test(host);
}
