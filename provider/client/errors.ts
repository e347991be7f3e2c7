/**
 * The one error type of the Woodpecker client. It carries what a person needs to fix the
 * problem (the object, the likely cause) and what a program needs to branch on (`reason`).
 * It never carries the API token: neither the request headers nor the configuration are kept.
 */
export type ErrorReason =
  | "unauthorized" // 401: bad, revoked or missing token
  | "forbidden" // 403: needs instance admin, org admin or repo admin
  | "not-found" // 404 from the Woodpecker API itself: missing, or (on repo paths) no push permission
  | "not-woodpecker" // 404 from something in front of the server (a proxy, a web server): proves nothing
  | "unproven" // the API's 404, but the object's scope did not answer either: not proof that it is gone
  | "exists" // 409, or 500 "on insert duplicate": the object already exists
  | "invalid" // 400 / 422: the server's validation refused the input
  | "server" // other 5xx
  | "not-json" // a non-JSON answer on /api: wrong server URL or server version
  | "connection" // no answer: refused, reset, dropped
  | "timeout"; // no answer in time

export interface ErrorDetails {
  method: string;
  path: string;
  status?: number;
  body?: string;
  /** Human name of the object the request was about, e.g. `repository secret "deploy_key" of repository 7`. */
  object?: string;
  cause?: unknown;
  /** The system or TLS error code when no answer came (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, …). */
  code?: string;
  /** The answer's Content-Type, when it had one. */
  contentType?: string;
}

const MAX_BODY_IN_MESSAGE = 300;

export class WoodpeckerError extends Error {
  readonly reason: ErrorReason;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly body?: string;
  readonly object?: string;
  readonly code?: string;
  readonly contentType?: string;

  constructor(reason: ErrorReason, details: ErrorDetails, hint?: string) {
    super(composeMessage(reason, details, hint), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "WoodpeckerError";
    this.reason = reason;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.body = details.body;
    this.object = details.object;
    this.code = details.code;
    this.contentType = details.contentType;
  }

  /** Builds the error for an HTTP answer the client does not accept. */
  static fromResponse(details: ErrorDetails & { status: number }, fromWoodpecker = true): WoodpeckerError {
    const reason = details.status === 404 && !fromWoodpecker ? "not-woodpecker" : reasonForStatus(details.status, details.body ?? "");
    return new WoodpeckerError(reason, details);
  }
}

/**
 * Whether a 404 is the Woodpecker API's own. v3.17.0 puts X-WOODPECKER-VERSION on every answer
 * (its Version middleware runs for every route and for NoRoute), and its 404s have an empty body
 * (c.AbortWithStatus, handleDBError) or a text/plain message (c.String, e.g. `Agent not found`);
 * unknown paths under /api get the web UI's HTML page with 200, never a 404 (test/conformance/cases.ts).
 * A proxy's 404 (`404 page not found` while the server restarts) or a web server's HTML page has
 * neither, so it cannot say that an object is gone.
 */
export function isWoodpeckerNotFound(headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const contentType = String(headers["content-type"] ?? "");
  return headers["x-woodpecker-version"] !== undefined && (body === "" || contentType.startsWith("text/plain"));
}

export function isDuplicateBody(body: string): boolean {
  return /on insert duplicate|already exists|already active|exists for this repo already/i.test(body);
}

function reasonForStatus(status: number, body: string): ErrorReason {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return "exists";
  if (status === 500 && isDuplicateBody(body)) return "exists";
  if (status === 400 || status === 422) return "invalid";
  return "server";
}

function likelyCause(reason: ErrorReason, details: ErrorDetails): string {
  const path = details.path.split("?")[0]!;
  const onRepo = /^\/api\/repos\/(\d+|lookup)(\/|$)/.test(path);
  switch (reason) {
    case "unauthorized":
      // Measured with the real CLI (test/e2e/nothing-lost.cli.test.ts): refresh and destroy configure the
      // provider from the settings saved at the last `pulumi up`, so a token set since then is not used yet.
      return "the API token is missing, wrong or revoked; create one under the server's user settings and set it with `pulumi config set --secret woodpecker:token <token>` (or WOODPECKER_TOKEN). If you have just set a new token: `pulumi refresh` and `pulumi destroy` use the token saved at the last `pulumi up`, so run `pulumi up` first, or add --run-program (`pulumi refresh --run-program`, `pulumi destroy --run-program`), which configures the provider from the current stack config";
    case "forbidden":
      return /^\/api\/(secrets|registries|agents|users|forges|repos|orgs)(\/[^/]+)?$/.test(path) && !/^\/api\/(orgs|repos)\/\d+$/.test(path)
        ? "this needs an instance admin token"
        : "the token's user lacks admin rights on this object (org admin or repo admin on the forge, or instance admin)";
    case "not-woodpecker":
      return `the answer did not come from the Woodpecker API (${details.contentType ? details.contentType : "no content type"}, no X-Woodpecker-Version header): a proxy or web server in front of it answered, for example while the server restarts. Nothing was changed and the state keeps the object; run the command again once the server answers, and check that woodpecker:server is the server's root URL`;
    case "unproven":
      return "the server answered 404, but the object's scope did not confirm that the object is gone";
    case "not-found":
      return onRepo
        ? "it does not exist, or the token's user lacks permission on the repository (the server answers 404 when pull or push permission is missing)"
        : "it does not exist";
    case "exists":
      return "it already exists on the server; to manage the existing object, declare it with `adopt: true`";
    case "invalid":
      return "the server refused the input";
    case "server":
      return "the server failed";
    case "not-json":
      return "the answer was not JSON (the server answers unknown routes with its web page): check that woodpecker:server is the server's root URL (not its /api path or web UI path) and that the server is Woodpecker 3 or newer";
    case "connection":
      return "no answer from the server; check woodpecker:server and that the server is running";
    case "timeout":
      return "the server did not answer in time";
  }
}

function composeMessage(reason: ErrorReason, details: ErrorDetails, hint?: string): string {
  const what = details.object ?? `${details.method} ${details.path}`;
  const status = details.status === undefined ? "" : ` (HTTP ${details.status}`;
  const body = (details.body ?? "").trim();
  const server = body ? `: "${truncate(body)}"` : "";
  const request = details.object ? ` from ${details.method} ${details.path}` : "";
  const cause = typeof details.cause === "string" ? `: ${details.cause}` : "";
  const tail = status ? `${status}${request}${server})` : ` (${details.method} ${details.path}${cause})`;
  return `${what}: ${hint ?? likelyCause(reason, details)}${tail}`;
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_BODY_IN_MESSAGE ? `${oneLine.slice(0, MAX_BODY_IN_MESSAGE)}…` : oneLine;
}
