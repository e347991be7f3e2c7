import type { Dispatcher } from "undici";
import { connectionPool, loadUndici, redactProxy, type ConnectionOptions, type Undici } from "./connection.js";
import { isWoodpeckerNotFound, WoodpeckerError } from "./errors.js";
import { queryString } from "./paths.js";
import { unsupportedServerWarning } from "./versions.js";

export interface ClientOptions extends ConnectionOptions {
  /** Server root URL, e.g. `https://ci.example.com` (no `/api`). */
  server: string;
  token?: string;
  /** Per-request time limit for the answer's headers and body. */
  timeoutMs?: number;
  /** Retries of idempotent requests (GET, PATCH, DELETE) on connection errors, 429, 502, 503, 504. */
  retries?: number;
  /** First backoff step; each retry waits a random time up to base × 2^attempt (full jitter), capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Kept-alive connections to the server, which is also the cap on requests in flight. */
  maxConcurrency?: number;
  /** Ask `/version` before the first request and warn once if the server is outside SUPPORTED_SERVERS (default true). */
  checkVersion?: boolean;
  /** Where warnings go (skip-verify in use, unsupported server); default: stderr, which Pulumi shows for the provider host. */
  warn?: (message: string) => void;
}

export const CLIENT_DEFAULTS = { timeoutMs: 30_000, retries: 4, backoffMs: 200, maxBackoffMs: 10_000, maxConcurrency: 8 };

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  /** Human name of the object, used in error messages. */
  object?: string;
}

/** The server's page size cap: it silently turns any larger perPage into 50 and sends no paging headers. */
export const PAGE_SIZE = 50;

const RETRY_STATUSES = [429, 502, 503, 504];
const RETRY_ERROR_CODES = [
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
];
/** Node's codes for a server certificate it does not trust. */
const TLS_TRUST_CODES = [
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
];
const IDEMPOTENT: readonly string[] = ["GET", "PATCH", "DELETE"];
/** Retry-After is honoured, but a server asking for more than this is answered with the error instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * A typed Woodpecker REST client on undici: keep-alive pool with a concurrency cap, retries with
 * jittered backoff through undici's RetryAgent, timeouts, pagination and errors that name the cause.
 */
export class WoodpeckerClient {
  readonly server: string;
  /** Scheme, host and port; and the path of a server served under a root path (WOODPECKER_ROOT_PATH), or "". */
  private readonly origin: string;
  private readonly rootPath: string;
  private readonly token?: string;
  private readonly options: Required<Omit<ClientOptions, "server" | "token" | keyof ConnectionOptions>>;
  private readonly proxy?: { url: string; source: string };
  private readonly dispatcher: Dispatcher;
  private readonly requestFn: Undici["request"];
  private version?: Promise<string>;
  private versionChecked?: Promise<void>;
  private versionWarned = false;

  /** The per-request time limit (woodpecker:timeoutSeconds), for callers that wait past a request's deadline. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  constructor(options: ClientOptions) {
    this.server = options.server.replace(/\/+$/, "");
    const url = new URL(this.server);
    this.origin = url.origin;
    this.rootPath = url.pathname.replace(/\/+$/, "");
    this.token = options.token;
    this.options = {
      timeoutMs: options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs,
      retries: options.retries ?? CLIENT_DEFAULTS.retries,
      backoffMs: options.backoffMs ?? CLIENT_DEFAULTS.backoffMs,
      maxBackoffMs: options.maxBackoffMs ?? CLIENT_DEFAULTS.maxBackoffMs,
      maxConcurrency: options.maxConcurrency ?? CLIENT_DEFAULTS.maxConcurrency,
      checkVersion: options.checkVersion ?? true,
      warn: options.warn ?? ((message) => console.warn(`warning: ${message}`)),
    };
    if (options.proxy) this.proxy = { url: redactProxy(options.proxy), source: options.proxySource ?? "woodpecker:proxy" };
    if (options.skipVerify) {
      this.options.warn(
        `woodpecker:skipVerify is on: the certificate of ${this.server} is not verified, so anyone on the network path can read the API token and change what is sent. Trust a private CA with woodpecker:caCert instead`,
      );
    }
    const { RetryAgent, request } = loadUndici();
    const pool = connectionPool(this.server, options, this.options.maxConcurrency);
    this.requestFn = request;
    this.dispatcher = new RetryAgent(pool, {
      throwOnError: false, // the last answer comes back to us, so errors carry the server's body
      maxRetries: this.options.retries,
      retry: (err, { state, opts }, done) => this.decideRetry(err, state.counter, opts.method, done),
    });
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>("GET", path, options);
  }
  post<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>("PATCH", path, { ...options, body });
  }
  delete<T = void>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>("DELETE", path, options);
  }

  /** GET outside /api (`/version`, `/healthz` live at the server root). */
  root<T>(path: string): Promise<T> {
    return this.send<T>("GET", path, {});
  }

  /** The server's version as `/version` reports it, asked once per client (a failure is asked again next time). */
  serverVersion(): Promise<string> {
    this.version ??= this.root<{ version?: string }>("/version").then(
      (answer) => String(answer?.version ?? "unknown"),
      (error) => {
        this.version = undefined;
        throw error;
      },
    );
    return this.version;
  }

  /** Before the first request: the server's version, read once per client (a failed read is not repeated for this). */
  private checkServerVersion(): Promise<void> {
    this.versionChecked ??= this.serverVersion().then(
      () => undefined,
      () => undefined, // the request itself will report what is wrong
    );
    return this.versionChecked;
  }

  /** Every `/version` answer passes here: one warning per client for a server outside SUPPORTED_SERVERS. */
  private noteVersion(answer: unknown): void {
    if (this.versionWarned) return;
    this.versionWarned = true;
    const warning = unsupportedServerWarning(this.server, String((answer as { version?: unknown } | undefined)?.version ?? "unknown"));
    if (warning) this.options.warn(warning);
  }

  /** One request under `/api`. Answers without a body come back as `undefined`. */
  request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>(method, `/api${path}`, options);
  }

  /**
   * Every item of a paginated list: pages of 50 until a short page (the server sends no totals),
   * or until `limit` items. A `null` page (the server's empty list for some kinds) is empty.
   */
  async list<T>(path: string, options: RequestOptions & { limit?: number } = {}): Promise<T[]> {
    const items: T[] = [];
    const limit = options.limit ?? Infinity;
    for (let page = 1; items.length < limit; page++) {
      const batch = (await this.get<T[] | null>(path, { ...options, query: { ...options.query, page, perPage: PAGE_SIZE } })) ?? [];
      items.push(...batch.slice(0, limit - items.length));
      if (batch.length < PAGE_SIZE) break;
    }
    return items;
  }

  /** Requests this client keeps in flight at most (`maxConcurrency`): callers writing many objects run that many at once. */
  get concurrency(): number {
    return this.options.maxConcurrency;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private async send<T>(method: Method, path: string, options: RequestOptions): Promise<T> {
    if (this.options.checkVersion && path !== "/version") await this.checkServerVersion();
    const fullPath = path + queryString(options.query);
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      // Without this header the server falls back to form binding and silently ignores the JSON.
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const where = { method, path: fullPath, object: options.object };
    let answer: Dispatcher.ResponseData;
    try {
      answer = await this.requestFn.call(this.dispatcher, {
        origin: this.origin,
        path: this.rootPath + fullPath,
        method,
        headers,
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
    } catch (cause) {
      const code = (cause as { code?: string }).code ?? "";
      const reason = /TIMEOUT/.test(code) ? "timeout" : "connection";
      throw new WoodpeckerError(reason, { ...where, cause: describeCause(cause), code: code || undefined }, this.connectionHint(cause));
    }
    const text = await answer.body.text();
    const status = answer.statusCode;
    const contentType = String(answer.headers["content-type"] ?? "");
    if (status >= 300) {
      throw WoodpeckerError.fromResponse(
        { ...where, status, body: text, contentType: contentType || undefined },
        status !== 404 || isWoodpeckerNotFound(answer.headers, text),
      );
    }
    if (!text) return undefined as T;
    if (!contentType.includes("json")) {
      throw new WoodpeckerError("not-json", { ...where, status, body: contentType.includes("html") ? `${contentType} page` : text });
    }
    let result: T;
    try {
      result = JSON.parse(text) as T;
    } catch (cause) {
      throw new WoodpeckerError("not-json", { ...where, status, body: text, cause });
    }
    if (path === "/version") this.noteVersion(result);
    return result;
  }

  /** What to fix when no answer came: the proxy, or the server's certificate, rather than the server. */
  private connectionHint(cause: unknown): string | undefined {
    const { code = "", message = "" } = cause as { code?: string; message?: string };
    if (TLS_TRUST_CODES.includes(code) || /certificate/i.test(message)) {
      return `the server's TLS certificate is not trusted (${code || message}): if a private CA issued it, set woodpecker:caCert to the CA certificate (a PEM file path or the PEM text); woodpecker:skipVerify true turns verification off (insecure)`;
    }
    if (!this.proxy) return undefined;
    const { url, source } = this.proxy;
    if (/^Proxy response \((\d+)\)/.test(message)) {
      return `the proxy ${url} (from ${source}) refused to connect to the server (${message}); check the proxy's access rules, or exempt the server with NO_PROXY`;
    }
    return `no answer through the proxy ${url} (from ${source}); check that the proxy is running and reachable, or correct ${source}`;
  }

  /** undici asks before each retry; we keep its replay machinery and add the policy and jitter. */
  private decideRetry(err: Error, attempt: number, method: string | undefined, done: (err?: Error | null) => void): void {
    const { statusCode, code, headers } = err as Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[]> };
    const never = () => done(err);
    if (attempt > this.options.retries) return never();
    const isStatus = typeof statusCode === "number" && code === "UND_ERR_REQ_RETRY";
    if (isStatus && !RETRY_STATUSES.includes(statusCode)) return never();
    if (!isStatus && !RETRY_ERROR_CODES.includes(code ?? "")) return never();
    // POST is not idempotent: retry it only when the server cannot have acted on it.
    const safe = IDEMPOTENT.includes(method ?? "") || code === "ECONNREFUSED" || statusCode === 429;
    if (!safe) return never();
    const retryAfterMs = parseRetryAfter(headers?.["retry-after"]);
    if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) return never();
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** (attempt - 1));
    const delay = retryAfterMs ?? Math.random() * ceiling;
    setTimeout(() => done(null), delay);
  }
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeCause(cause: unknown): string {
  const error = cause as { code?: string; message?: string };
  return [error.code, error.message].filter(Boolean).join(": ") || String(cause);
}
