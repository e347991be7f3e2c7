import { CLIENT_DEFAULTS, WoodpeckerClient, type ClientOptions } from "./client/client.js";
import { proxyFromEnvironment, redactProxy } from "./client/connection.js";

/**
 * Where the provider finds its server and token: Pulumi stack config (`woodpecker:server`,
 * `woodpecker:token` set with --secret) first, then the environment variables woodpecker-cli uses.
 * The provider keeps the token only in this process's memory: it is never captured in `__provider` or a
 * resource's state (Pulumi itself saves the provider's inputs, encrypted: README, Where the token is kept).
 */
export interface ProviderConfig extends ClientOptions {}

/** One stack config key `woodpecker:<key>`, declared as data for resolveConfig and for schema.json and the docs. */
export interface ConfigVariable {
  type: "string" | "number" | "integer" | "boolean";
  doc: string;
  /** Environment variable read when the stack config has no value (woodpecker-cli's names). */
  env?: string;
  secret?: boolean;
  default?: number | boolean;
}

export const CONFIG_VARIABLES = {
  server: { type: "string", env: "WOODPECKER_SERVER", doc: "The server's root URL, e.g. `https://ci.example.com` (not its `/api` path)." },
  token: {
    type: "string",
    env: "WOODPECKER_TOKEN",
    secret: true,
    doc: "A personal access token (user settings → personal access token). Set it with `pulumi config set --secret`. It is never in a resource's state; Pulumi keeps the provider's inputs, the token among them, as ciphertext in the stack's provider entry.",
  },
  timeoutSeconds: { type: "number", default: CLIENT_DEFAULTS.timeoutMs / 1000, doc: "Per-request time limit in seconds." },
  retries: { type: "integer", default: CLIENT_DEFAULTS.retries, doc: "Retries of idempotent requests on connection errors, 429, 502, 503 and 504." },
  maxConcurrency: { type: "integer", default: CLIENT_DEFAULTS.maxConcurrency, doc: "Kept-alive connections and requests in flight per server." },
  caCert: {
    type: "string",
    doc: "CA certificates (PEM) trusted for this server in addition to Node's bundled roots, for a server whose certificate a private CA issued: a file path, or the PEM text itself.",
  },
  skipVerify: {
    type: "boolean",
    env: "WOODPECKER_SKIP_VERIFY",
    default: false,
    doc: "Do not verify the server's TLS certificate, as woodpecker-cli's `--skip-verify` (insecure: every run that uses it prints a warning). Prefer `caCert`.",
  },
  proxy: {
    type: "string",
    secret: true,
    doc: "HTTP(S) proxy URL for this server, e.g. `http://proxy.example.com:3128` (credentials as `http://user:password@host:port`). Without it, `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` apply as curl reads them.",
  },
} satisfies Record<string, ConfigVariable>;

type Source = Record<string, unknown>;

/** A configuration mistake: what is wrong and how to fix it (the message is both, joined by ": " or the given joiner). */
export class ConfigError extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
    joiner = ": ",
  ) {
    super(`${problem}${joiner}${fix}`);
    this.name = "ConfigError";
  }
}

export function resolveConfig(stack: Source = {}, env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const get = (key: keyof typeof CONFIG_VARIABLES) => {
    const envName = (CONFIG_VARIABLES[key] as ConfigVariable).env;
    const value = stack[`woodpecker:${key}`] ?? (envName ? env[envName] : undefined);
    return value === undefined || value === "" ? undefined : String(value);
  };
  const server = checkServerUrl(get("server"));
  const caCert = get("caCert");
  const skipVerify = boolean(get("skipVerify"), "skipVerify");
  return {
    server,
    token: checkToken(get("token")),
    timeoutMs: number(get("timeoutSeconds"), "timeoutSeconds", 1000),
    retries: number(get("retries"), "retries"),
    maxConcurrency: number(get("maxConcurrency"), "maxConcurrency"),
    ...(caCert ? { caCert: readCaCert(caCert) } : {}),
    ...(skipVerify ? { skipVerify } : {}),
    ...proxyFor(server, get("proxy"), env),
  };
}

/** The server's root URL without trailing slashes, or a ConfigError that says how to fix it. */
export function checkServerUrl(server: string | undefined): string {
  if (!server) {
    throw new ConfigError(
      "The Woodpecker server is not configured",
      "run `pulumi config set woodpecker:server https://ci.example.com` or set WOODPECKER_SERVER",
    );
  }
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ConfigError(`woodpecker:server ${JSON.stringify(server)} is not a URL`, "use the server's root URL such as https://ci.example.com");
  }
  if (!/^https?:$/.test(url.protocol)) throw new ConfigError(`woodpecker:server must be an http(s) URL, got ${url.protocol}`, "use http:// or https://");
  if (/\/api\/?$/.test(url.pathname)) {
    throw new ConfigError("woodpecker:server must be the server's root URL, not its API path", `use ${server.replace(/\/api\/?$/, "")}`);
  }
  return server.replace(/\/+$/, "");
}

/** The two copy-and-paste mistakes that would otherwise fail every request obscurely. Never quotes the token. */
export function checkToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (/^\s|\s$/.test(token)) throw new ConfigError("woodpecker:token has spaces or a line break around it", "set the token without them");
  if (/^bearer\s/i.test(token)) throw new ConfigError('woodpecker:token starts with "Bearer "', "set the token alone; the provider adds the Bearer scheme");
  return token;
}

function boolean(value: string | undefined, key: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(`woodpecker:${key} must be true or false, got ${JSON.stringify(value)}`, `set woodpecker:${key} to true or false`, "; ");
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** `woodpecker:caCert` as PEM text: the value itself when it holds PEM, else the file it names; every certificate must parse. */
function readCaCert(value: string): string {
  const fix = "set woodpecker:caCert to the path of the CA's PEM file or to the PEM text itself (-----BEGIN CERTIFICATE----- …)";
  let text = value;
  let where = "its value";
  if (!value.includes("-----BEGIN")) {
    const { existsSync, readFileSync, statSync } = require("node:fs") as typeof import("node:fs");
    const path = require("node:path").resolve(value) as string;
    if (!existsSync(path) || !statSync(path).isFile()) throw new ConfigError(`woodpecker:caCert: there is no file ${path}`, fix, "; ");
    text = readFileSync(path, "utf8");
    where = path;
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (!blocks.length) throw new ConfigError(`woodpecker:caCert: ${where} holds no PEM certificate`, fix, "; ");
  const { X509Certificate } = require("node:crypto") as typeof import("node:crypto");
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ConfigError(`woodpecker:caCert: certificate ${i + 1} in ${where} does not parse (${(error as Error).message})`, fix, "; ");
    }
  }
  return blocks.join("\n");
}

/** The proxy for this server: woodpecker:proxy, else the environment's as curl reads it; checked here, before any request. */
function proxyFor(server: string, explicit: string | undefined, env: NodeJS.ProcessEnv): { proxy?: string; proxySource?: string } {
  const found = explicit !== undefined ? { proxy: explicit, source: "woodpecker:proxy" } : proxyFromEnvironment(server, env);
  if (!found) return {};
  // Like curl, a proxy without a scheme is an http:// proxy.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.proxy) ? found.proxy : `http://${found.proxy}`;
  const fix = `set ${found.source} to a URL such as http://proxy.example.com:3128`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${found.source} is not a proxy URL (it does not parse)`, fix, "; ");
  }
  if (!/^https?:$/.test(url.protocol) || !url.hostname) {
    throw new ConfigError(`${found.source}: ${JSON.stringify(redactProxy(text))} is not an http:// or https:// proxy URL`, fix, "; ");
  }
  return { proxy: url.href, proxySource: found.source };
}

function number(value: string | undefined, key: string, scale = 1): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new ConfigError(
      `woodpecker:${key} must be a non-negative number, got ${JSON.stringify(value)}`,
      `set a number such as ${(CONFIG_VARIABLES as Record<string, ConfigVariable>)[key]?.default ?? 1}`,
    );
  if ((CONFIG_VARIABLES as Record<string, ConfigVariable>)[key]?.type === "integer" && !Number.isInteger(parsed)) {
    throw new ConfigError(
      `woodpecker:${key} must be a whole number, got ${JSON.stringify(value)}`,
      `set a whole number such as ${(CONFIG_VARIABLES as Record<string, ConfigVariable>)[key]?.default ?? 1}`,
    );
  }
  return parsed * scale;
}

const clients = new Map<string, WoodpeckerClient>();

/** One client (and so one connection pool and concurrency cap) per server, token and settings. */
export function clientFor(config: ProviderConfig): WoodpeckerClient {
  const key = JSON.stringify(config);
  let client = clients.get(key);
  if (!client) {
    client = new WoodpeckerClient(config);
    clients.set(key, client);
  }
  return client;
}
