import { WoodpeckerClient, type ClientOptions } from "./client/client.js";

/**
 * Where the provider finds its server and token: Pulumi stack config (`woodpecker:server`,
 * `woodpecker:token` set with --secret) first, then the environment variables woodpecker-cli uses.
 * The token lives only in this process's memory: it is never captured in `__provider` or state.
 */
export interface ProviderConfig extends ClientOptions {}

type Source = Record<string, unknown>;

export function resolveConfig(stack: Source = {}, env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const get = (key: string, envName?: string) => {
    const value = stack[`woodpecker:${key}`] ?? (envName ? env[envName] : undefined);
    return value === undefined || value === "" ? undefined : String(value);
  };
  const server = get("server", "WOODPECKER_SERVER");
  if (!server) {
    throw new Error("The Woodpecker server is not configured: run `pulumi config set woodpecker:server https://ci.example.com` or set WOODPECKER_SERVER");
  }
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`woodpecker:server ${JSON.stringify(server)} is not a URL; expected the server's root URL such as https://ci.example.com`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new Error(`woodpecker:server must be an http(s) URL, got ${url.protocol}`);
  if (/\/api\/?$/.test(url.pathname)) {
    throw new Error(`woodpecker:server must be the server's root URL, not its API path: use ${server.replace(/\/api\/?$/, "")}`);
  }
  return {
    server: server.replace(/\/+$/, ""),
    token: get("token", "WOODPECKER_TOKEN"),
    timeoutMs: number(get("timeoutSeconds"), "timeoutSeconds", 1000),
    retries: number(get("retries"), "retries"),
    maxConcurrency: number(get("maxConcurrency"), "maxConcurrency"),
  };
}

function number(value: string | undefined, key: string, scale = 1): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`woodpecker:${key} must be a non-negative number, got ${JSON.stringify(value)}`);
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
