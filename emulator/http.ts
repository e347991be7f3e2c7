// Request/response helpers: how the real server (gin) reads bodies and writes answers.
import type { IncomingHttpHeaders } from "node:http";
import type { Org, Perm, Repo, User } from "./store.js";

export const VERSION = "3.17.0";

export interface Reply {
  status: number;
  /** undefined = empty body */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Ctx {
  method: string;
  rawPath: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  user: User | null;
  repo?: Repo;
  perm?: Perm;
  org?: Org;
}

export type Step = (ctx: Ctx) => Reply | void;

export function json(value: unknown, status = 200): Reply {
  return { status, body: JSON.stringify(value), contentType: "application/json; charset=utf-8" };
}

/** gin c.String: plain text error bodies. */
export function text(status: number, msg: string): Reply {
  return { status, body: msg, contentType: "text/plain; charset=utf-8" };
}

/** gin c.AbortWithStatus / c.Status: no body. */
export function empty(status: number): Reply {
  return { status };
}

// The web UI index served by NoRoute for every unknown path or method. Clients detect it
// (pinned: test/conformance/cases.ts, "unknown routes and wrong methods").
const indexHtml = (version: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="/favicons/favicon-light-default.png" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Woodpecker</title>
    <script type="module" crossorigin src="/assets/index.js"></script>
  </head>
  <body>
    <div id="app"></div>
    <script>window.WOODPECKER_VERSION = "${version}"; window.WOODPECKER_ROOT_PATH = "";</script>
  </body>
</html>
`;

export function html(version = VERSION): Reply {
  return { status: 200, body: indexHtml(version), contentType: "text/html; charset=utf-8" };
}

/** Headers the global gin middleware puts on every response (server/router/router.go, middleware/header). */
export function commonHeaders(version = VERSION): Record<string, string> {
  const now = new Date().toUTCString();
  return {
    "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate, value",
    Expires: "Thu, 01 Jan 1970 00:00:00 GMT",
    "Last-Modified": now,
    "Access-Control-Allow-Origin": "*",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "X-XSS-Protection": "1; mode=block",
    "X-WOODPECKER-VERSION": version,
  };
}

// ---------------------------------------------------------------------------------------------
// Body binding (pinned: test/conformance/cases.ts, "a body without the JSON content type"): gin's c.Bind decodes JSON only for Content-Type application/json. Other
// content types fall back to form binding, which for our JSON clients means "all fields zero".

export type FieldKind = "string" | "int" | "bool" | "string[]" | "map" | "any-map" | { object: Schema };
export interface Schema {
  goType: string; // e.g. "Secret", used in Go-like error texts
  fields: Record<string, FieldKind>;
}

export type BindResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v; // string, number, boolean
}

function goTypeOf(k: FieldKind): string {
  if (typeof k === "object") return `model.${k.object.goType}`;
  return { string: "string", int: "int64", bool: "bool", "string[]": "[]string", map: "map[string]string", "any-map": "map[string]interface {}" }[k];
}

function checkValue(v: unknown, k: FieldKind, where: string): string | null {
  if (v === null) return null; // null leaves Go fields untouched
  const bad = (t = jsonType(v)) => `json: cannot unmarshal ${t} into Go struct field ${where} of type ${goTypeOf(k)}`;
  if (typeof k === "object") return typeof v === "object" && !Array.isArray(v) ? checkObject(v as Record<string, unknown>, k.object) : bad();
  switch (k) {
    case "string":
      return typeof v === "string" ? null : bad();
    case "bool":
      return typeof v === "boolean" ? null : bad();
    case "int":
      if (typeof v !== "number") return bad();
      return Number.isInteger(v) ? null : bad(`number ${v}`);
    case "string[]":
      if (!Array.isArray(v)) return bad();
      for (const x of v) if (x !== null && typeof x !== "string") return `json: cannot unmarshal ${jsonType(x)} into Go struct field ${where} of type string`;
      return null;
    case "map":
      if (typeof v !== "object" || Array.isArray(v)) return bad();
      for (const x of Object.values(v as object))
        if (x !== null && typeof x !== "string") return `json: cannot unmarshal ${jsonType(x)} into Go struct field ${where} of type string`;
      return null;
    case "any-map":
      return typeof v === "object" && !Array.isArray(v) ? null : bad();
  }
}

function checkObject(obj: Record<string, unknown>, schema: Schema): string | null {
  for (const [key, kind] of Object.entries(schema.fields)) {
    if (!(key in obj)) continue;
    const err = checkValue(obj[key], kind, `${schema.goType}.${key}`);
    if (err) return err;
  }
  return null;
}

/** Mimics c.Bind into the given Go struct. null values count as absent (Go leaves the field alone). */
export function bind(ctx: Ctx, schema: Schema): BindResult {
  const ct = String(ctx.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (ct !== "application/json") return { ok: true, value: {} };
  return decodeJSON(ctx.body, schema);
}

/** c.Bind into the struct of a release that lacks the `absent` keys: Go's decoder neither type-checks nor keeps unknown keys. */
export function bindWithout(ctx: Ctx, schema: Schema, absent: string[]): BindResult {
  if (!absent.length) return bind(ctx, schema);
  const result = bind(ctx, { ...schema, fields: Object.fromEntries(Object.entries(schema.fields).filter(([key]) => !absent.includes(key))) });
  if (result.ok) for (const key of absent) delete result.value[key];
  return result;
}

export function decodeJSON(body: Buffer, schema: Schema): BindResult {
  const raw = body.toString("utf8");
  if (raw.trim().length === 0) return { ok: false, error: "EOF" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: `invalid character in JSON body: ${(e as Error).message}` };
  }
  if (parsed === null) return { ok: true, value: {} };
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: false, error: `json: cannot unmarshal ${jsonType(parsed)} into Go value of type model.${schema.goType}` };
  }
  const err = checkObject(parsed as Record<string, unknown>, schema);
  if (err) return { ok: false, error: err };
  const value: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (v !== null) value[k] = v;
  return { ok: true, value };
}

export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}
export function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}
export function bool(v: unknown): boolean {
  return v === true;
}

// ---------------------------------------------------------------------------------------------
// Pagination (pinned: test/conformance/cases.ts, "perPage is capped at 50"): page defaults to 1, perPage to 50 with a hard maximum of 50; no headers.

export function paginate<T>(ctx: Ctx, list: T[]): T[] {
  let page = parseInt(ctx.query.get("page") ?? "", 10);
  if (!/^[+-]?\d+$/.test(ctx.query.get("page") ?? "") || !(page >= 1)) page = 1;
  let perPage = parseInt(ctx.query.get("perPage") ?? "", 10);
  if (!/^[+-]?\d+$/.test(ctx.query.get("perPage") ?? "") || perPage < 1 || perPage > 50) perPage = 50;
  const start = perPage * (page - 1);
  return list.slice(start, start + perPage);
}

/** Go's strconv.ParseBool. */
export function parseBool(s: string | null): boolean {
  return s !== null && ["1", "t", "T", "TRUE", "true", "True"].includes(s);
}

/** Go's strconv.ParseInt(s, 10, 64) — returns null on error. */
export function parseID(s: string | undefined): number | null {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}
