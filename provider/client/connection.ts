import { BlockList, isIP } from "node:net";
import type { Agent as AgentClass, Dispatcher, ProxyAgent as ProxyAgentClass, RetryAgent as RetryAgentClass } from "undici";

/**
 * How the client reaches its server: TLS trust (a private CA, or verification off) and an HTTP(S)
 * proxy, built on undici's Agent and ProxyAgent. Kept apart from the client's request logic.
 */
export interface ConnectionOptions {
  /** PEM text of CA certificates trusted for this server in addition to Node's bundled roots. */
  caCert?: string;
  /** Accept any server certificate (woodpecker-cli's `--skip-verify`). */
  skipVerify?: boolean;
  /** Proxy URL for this server; `proxySource` names where it came from (a config key or variable), for messages. */
  proxy?: string;
  proxySource?: string;
}

/** The connection pool for one server: direct, or through the proxy (CONNECT for https, absolute URIs for http). */
export function connectionPool(server: string, options: ConnectionOptions, connections: number): Dispatcher {
  const tls = tlsOptions(options);
  if (options.proxy) {
    const { ProxyAgent } = loadUndici();
    const tunnel = new URL(server).protocol === "https:" || new URL(options.proxy).protocol !== "http:";
    return new ProxyAgent({ uri: options.proxy, connections, pipelining: 1, requestTls: tls, proxyTls: tls, proxyTunnel: tunnel });
  }
  const { Agent } = loadUndici();
  return new Agent({ connections, pipelining: 1, ...(tls ? { connect: tls } : {}) });
}

function tlsOptions({ caCert, skipVerify }: ConnectionOptions): { ca?: string[]; rejectUnauthorized?: boolean } | undefined {
  if (!caCert && !skipVerify) return undefined;
  // Giving `ca` replaces Node's trust store, so the bundled roots (and NODE_EXTRA_CA_CERTS) go with it.
  return { ...(caCert ? { ca: [...trustedRoots(), caCert] } : {}), ...(skipVerify ? { rejectUnauthorized: false } : {}) };
}

function trustedRoots(): string[] {
  const { rootCertificates } = require("node:tls") as typeof import("node:tls");
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!extra) return [...rootCertificates];
  try {
    return [...rootCertificates, require("node:fs").readFileSync(extra, "utf8")];
  } catch {
    return [...rootCertificates]; // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS
  }
}

/**
 * The proxy the environment sets for `server`, as curl and Go's net/http read it: `https_proxy` /
 * `HTTPS_PROXY` for an https server, `http_proxy` / `HTTP_PROXY` for an http one (no fallback from
 * one to the other), unless `no_proxy` / `NO_PROXY` lists the host. Returns the URL and the variable.
 */
export function proxyFromEnvironment(server: string, env: NodeJS.ProcessEnv): { proxy: string; source: string } | undefined {
  const url = new URL(server);
  const names = url.protocol === "https:" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"];
  const source = names.find((name) => env[name]);
  if (!source) return undefined;
  // An empty variable counts as unset, as Go's httpproxy.FromEnvironment reads it: `no_proxy=` does not hide NO_PROXY.
  const noProxy = env.no_proxy || env.NO_PROXY || "";
  if (bypassesProxy(url, noProxy)) return undefined;
  return { proxy: env[source]!, source };
}

/**
 * NO_PROXY as curl and Go read it: entries split by commas or spaces; `*` matches every host; a
 * name matches itself and its subdomains (a leading `.` or `*.` is ignored); `host:port` also needs
 * the port; IP addresses match exactly, and CIDR ranges (`10.0.0.0/8`) match addresses inside.
 */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  for (const raw of noProxy.split(/[,\s]+/).filter(Boolean)) {
    if (raw === "*") return true;
    const cidr = /^([^/]+)\/(\d+)$/.exec(raw);
    if (cidr) {
      const family = isIP(cidr[1]!);
      if (family && isIP(host) === family) {
        const range = new BlockList();
        range.addSubnet(cidr[1]!, Number(cidr[2]), family === 6 ? "ipv6" : "ipv4");
        if (range.check(host, family === 6 ? "ipv6" : "ipv4")) return true;
      }
      continue;
    }
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(raw);
    const name = (withPort ? withPort[1]! : raw)
      .replace(/^\[|\]$/g, "")
      .replace(/^\*?\./, "")
      .toLowerCase();
    if (withPort && Number(withPort[2]) !== port) continue;
    if (host === name || (!isIP(host) && host.endsWith(`.${name}`))) return true;
  }
  return false;
}

/** A proxy URL without its password, for messages. */
export function redactProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    if (url.password) url.password = "***";
    return url.href.replace(/\/$/, "");
  } catch {
    return "(unparsable proxy URL)";
  }
}

export interface Undici {
  Agent: typeof AgentClass;
  ProxyAgent: typeof ProxyAgentClass;
  RetryAgent: typeof RetryAgentClass;
  /** undici's `Dispatcher.prototype.request`, called with the dispatcher as `this`. */
  request: (this: Dispatcher, options: Dispatcher.RequestOptions<null>) => Promise<Dispatcher.ResponseData<null>>;
}
let undici: Undici | undefined;

/**
 * undici, loaded on first use rather than at the top: `check` (preview) never makes a request, so
 * it should not pay for it. And only the pieces used: undici's index also loads fetch, WebSocket,
 * caches and mocks, about four times the load time (BENCHMARKS.md, cold start). Only a client
 * with a proxy pays for the index. Falls back to the index if a future undici moves its files.
 */
export function loadUndici(): Undici {
  if (undici) return undici;
  try {
    undici = {
      Agent: require("undici/lib/dispatcher/agent.js"),
      // ProxyAgent drives its tunnels through the Dispatcher API the index installs (connect), so it takes the index.
      get ProxyAgent() {
        return require("undici").ProxyAgent;
      },
      RetryAgent: require("undici/lib/dispatcher/retry-agent.js"),
      request: require("undici/lib/api/api-request.js"),
    };
  } catch {
    const full = require("undici");
    undici = { Agent: full.Agent, ProxyAgent: full.ProxyAgent, RetryAgent: full.RetryAgent, request: full.Dispatcher.prototype.request };
  }
  return undici!;
}
