// Request pipeline: control API, fault injection, routing with find-my-way, request log, persistence.
import type { IncomingMessage, ServerResponse } from "node:http";
import FindMyWay from "find-my-way";
import { userFromRequest } from "./auth.js";
import { handleControl } from "./control.js";
import { FaultSet } from "./faults.js";
import { RELEASED, behaviourOf, type Behaviour, type ServerOptions } from "./options.js";
import { Ctx, Reply, Step, commonHeaders, empty, html } from "./http.js";
import { seedStore } from "./seed.js";
import { Store } from "./store.js";
import { registerAll } from "./routes/index.js";
import type { App, LogEntry } from "./state.js";

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;

export class AppServer implements App {
  store: Store;
  log: LogEntry[] = [];
  faults = new FaultSet();
  options: ServerOptions = { ...RELEASED };
  /** What the release in `options.version` does differently (options.ts). */
  get behaviour(): Behaviour {
    return behaviourOf(this.options.version);
  }
  orgInserts = new Map<string, number>();
  private seedHashes: Record<string, string> = {};
  private router: Router;
  private table: { method: string; path: string }[] = [];

  constructor(
    public stateFile: string | undefined,
    public quiet: boolean,
  ) {
    this.store = (stateFile && Store.load(stateFile)) || seedStore();
    for (const login of ["admin", "alice"]) {
      const u = this.store.userByLogin(1, login);
      if (u) this.seedHashes[login] = u.hash;
    }
    this.router = FindMyWay({ maxParamLength: 1_000_000, caseSensitive: true, ignoreTrailingSlash: false });
    registerAll(this);
  }

  on(method: string | string[], path: string, ...steps: Step[]): void {
    this.router.on(method as FindMyWay.HTTPMethod, path, () => undefined, { steps });
    for (const m of typeof method === "string" ? [method] : method) this.table.push({ method: m, path });
  }

  /** Whether a request reaches a registered route (rather than the NoRoute page); used by the route-table test. */
  serves(method: string, path: string): boolean {
    return this.router.find(method as FindMyWay.HTTPMethod, path) !== null;
  }

  /** Every registered (method, path) in find-my-way syntax (`:param`, `*`), in registration order. */
  routes(): ReadonlyArray<{ method: string; path: string }> {
    return this.table;
  }

  reset(): void {
    this.store = seedStore(this.seedHashes);
    this.log = [];
    this.faults.clear();
    this.options = { ...RELEASED };
    this.orgInserts.clear();
    this.persist();
  }

  persist(): void {
    if (this.stateFile) this.store.save(this.stateFile);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = req.url ?? "/";
    const qi = url.indexOf("?");
    const rawPath = qi < 0 ? url : url.slice(0, qi);
    const rawQuery = qi < 0 ? "" : url.slice(qi + 1);
    const method = (req.method ?? "GET").toUpperCase();
    const body = await readBody(req);

    if (rawPath === "/__emulator" || rawPath.startsWith("/__emulator/")) {
      const reply = handleControl(this, method, rawPath, body);
      return send(res, reply, undefined);
    }

    const entry: LogEntry = { method, path: rawPath, query: rawQuery, status: 0, ms: 0 };
    const finish = (status: number) => {
      entry.status = status;
      entry.ms = Math.round((performance.now() - started) * 1000) / 1000;
      this.log.push(entry);
    };

    const fault = this.faults.pick(method, rawPath);
    if (fault) {
      entry.fault = fault.describe();
      if (fault.rule.latencyMs) await sleep(fault.rule.latencyMs);
      if (fault.rule.drop === "before") {
        finish(0);
        req.socket.destroy();
        return;
      }
      if (fault.rule.status !== undefined) {
        const headers: Record<string, string> = {};
        if (fault.rule.retryAfter !== undefined) headers["Retry-After"] = String(fault.rule.retryAfter);
        const reply: Reply = { status: fault.rule.status, body: fault.rule.body ?? "", contentType: "text/plain; charset=utf-8", headers };
        finish(reply.status);
        return send(res, reply, this.options.version);
      }
    }

    const reply = this.dispatch(method, rawPath, new URLSearchParams(rawQuery), req, body);
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") this.persist();
    finish(reply.status);
    if (fault?.rule.answerLatencyMs) await sleep(fault.rule.answerLatencyMs);
    if (fault?.rule.drop === "after") {
      req.socket.destroy();
      return;
    }
    send(res, reply, this.options.version);
  }

  private dispatch(method: string, rawPath: string, query: URLSearchParams, req: IncomingMessage, body: Buffer): Reply {
    // The global header middleware answers every OPTIONS request with 200 (server/router/middleware/header/header.go).
    if (method === "OPTIONS") {
      return {
        status: 200,
        headers: {
          Allow: "HEAD,GET,POST,PUT,PATCH,DELETE,OPTIONS",
          "Access-Control-Allow-Methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
          "Access-Control-Allow-Headers": "authorization, origin, content-type, accept",
        },
      };
    }
    const found = this.router.find(method as FindMyWay.HTTPMethod, rawPath);
    if (!found) {
      // gin's RedirectTrailingSlash: 301 for GET, 307 otherwise, when the other form exists.
      const alt = rawPath.endsWith("/") ? rawPath.slice(0, -1) : `${rawPath}/`;
      if (alt.length > 0 && rawPath !== "/" && this.router.find(method as FindMyWay.HTTPMethod, alt)) {
        const q = query.toString();
        return { status: method === "GET" ? 301 : 307, headers: { Location: alt + (q ? `?${q}` : "") } };
      }
      return html(this.options.version); // NoRoute → web UI index, 200 text/html (pinned: test/conformance/cases.ts, "unknown routes and wrong methods")
    }
    const ctx: Ctx = {
      method,
      rawPath,
      query,
      params: found.params as Record<string, string>,
      headers: req.headers,
      body,
      user: null,
    };
    ctx.user = userFromRequest(this.store, ctx);
    const steps = (found.store as { steps: Step[] }).steps;
    for (const step of steps) {
      const r = step(ctx);
      if (r) return r;
    }
    return empty(500);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `version` given: a server answer with the server's headers; undefined: a control API answer. */
function send(res: ServerResponse, reply: Reply, version: string | undefined): void {
  if (res.destroyed) return;
  const headers: Record<string, string | number> = version !== undefined ? commonHeaders(version) : {};
  if (reply.contentType) headers["Content-Type"] = reply.contentType;
  Object.assign(headers, reply.headers ?? {});
  const body = reply.body === undefined ? undefined : Buffer.from(reply.body, "utf8");
  if (reply.status !== 204 && reply.status !== 304) headers["Content-Length"] = body ? body.length : 0;
  res.writeHead(reply.status, headers);
  res.end(body);
}
