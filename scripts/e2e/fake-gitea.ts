/**
 * A small fake Gitea forge on 127.0.0.1 for the real Woodpecker server.
 *
 * It implements only what Woodpecker v3's Gitea driver (server/forge/gitea/gitea.go, Gitea SDK 0.25)
 * calls for login, permission sync, repo activation/deactivation/repair, branches, pull requests,
 * org lookup and org membership, plus the OAuth2 authorize/token endpoints. Everything is driven by a
 * small catalogue of users, orgs and repos passed in by the test.
 *
 * Rules the fake keeps because the real server depends on them:
 * - `GET /api/v1/version` must answer, because the SDK client constructor checks the version first.
 * - Every list endpoint honours `page`/`limit`: Woodpecker keeps paging until a page is empty or short,
 *   so a fake that ignores `page` makes it loop forever.
 * - Tokens are issued with a ~10-year `expires_in`, so Woodpecker's per-request refresh never fires.
 * - Date fields are left out entirely (an empty string fails Go's time parsing).
 *
 * Requests the fake does not know are answered 404 and recorded in `unhandled`, so a test can show
 * exactly which forge call the server made that the fake lacks.
 */
import { createServer, IncomingMessage, ServerResponse, Server } from "node:http";
import { AddressInfo } from "node:net";

export type OrgRole = "owner" | "admin" | "write" | "read";

export interface FakeUser {
  id: number;
  login: string;
  email?: string;
  fullName?: string;
  /** Gitea's own visibility of the user account; anything but public marks their repos private in Woodpecker. */
  visibility?: "public" | "limited" | "private";
}

export interface FakeOrg {
  id: number;
  name: string;
  visibility?: "public" | "limited" | "private";
  /** login -> role in the org. owner/admin count as org admins for Woodpecker. */
  members?: Record<string, OrgRole>;
}

export interface FakeRepo {
  id: number;
  /** login of a user or name of an org */
  owner: string;
  name: string;
  private?: boolean;
  archived?: boolean;
  defaultBranch?: string;
  /** branch names; default [defaultBranch] */
  branches?: string[];
  /** extra collaborators: login -> role (the owner, and org owners/admins, are always admin) */
  collaborators?: Record<string, "admin" | "write" | "read">;
}

export interface FakeGiteaCatalogue {
  users: FakeUser[];
  orgs?: FakeOrg[];
  repos?: FakeRepo[];
}

export interface FakeHook {
  id: number;
  type: string;
  config: Record<string, string>;
  events: string[];
  active: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** login the access token belongs to, if any */
  as?: string;
  status: number;
}

export interface FakeGiteaOptions {
  catalogue: FakeGiteaCatalogue;
  /** 0 (default) = any free port */
  port?: number;
  /** Gitea version reported at /api/v1/version (default 1.22.0) */
  version?: string;
  /** page size reported at /api/v1/settings/api (default 50) */
  maxResponseItems?: number;
}

export interface FakeGitea {
  url: string;
  port: number;
  /** every request, in order */
  requests: RecordedRequest[];
  /** requests the fake had no route for (answered 404) */
  unhandled: RecordedRequest[];
  /** hooks per "owner/name" */
  hooks: Map<string, FakeHook[]>;
  /** the OAuth access token the fake issues for a login (also accepted on API calls) */
  accessTokenFor(login: string): string;
  stop(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 315_360_000; // ~10 years

function sha(seed: string): string {
  // deterministic 40-hex "commit id" per seed
  let h = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}#${round}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 40);
}

export async function startFakeGitea(opts: FakeGiteaOptions): Promise<FakeGitea> {
  const cat = opts.catalogue;
  const users = cat.users;
  const orgs = cat.orgs ?? [];
  const repos = cat.repos ?? [];
  const maxItems = opts.maxResponseItems ?? 50;
  const requests: RecordedRequest[] = [];
  const unhandled: RecordedRequest[] = [];
  const hooks = new Map<string, FakeHook[]>();
  let nextHookId = 1;
  /** oauth code -> login */
  const codes = new Map<string, string>();
  let codeSeq = 0;

  const accessTokenFor = (login: string) => `fake-gitea-access-${login}`;
  const refreshTokenFor = (login: string) => `fake-gitea-refresh-${login}`;
  const userByLogin = (login: string) => users.find((u) => u.login.toLowerCase() === login.toLowerCase());
  const orgByName = (name: string) => orgs.find((o) => o.name.toLowerCase() === name.toLowerCase());
  const userByToken = (token: string | undefined) => (token ? users.find((u) => accessTokenFor(u.login) === token) : undefined);

  const orgRole = (org: FakeOrg, login: string): OrgRole | undefined => {
    const m = org.members ?? {};
    const key = Object.keys(m).find((k) => k.toLowerCase() === login.toLowerCase());
    return key ? m[key] : undefined;
  };

  const permFor = (repo: FakeRepo, login: string | undefined) => {
    const none = { admin: false, push: false, pull: !repo.private };
    if (!login) return none;
    if (repo.owner.toLowerCase() === login.toLowerCase()) return { admin: true, push: true, pull: true };
    const org = orgByName(repo.owner);
    const role = org ? orgRole(org, login) : undefined;
    if (role === "owner" || role === "admin") return { admin: true, push: true, pull: true };
    const collab = Object.entries(repo.collaborators ?? {}).find(([k]) => k.toLowerCase() === login.toLowerCase())?.[1];
    if (collab === "admin") return { admin: true, push: true, pull: true };
    if (collab === "write" || role === "write") return { admin: false, push: true, pull: true };
    if (collab === "read" || role === "read") return { admin: false, push: false, pull: true };
    return none;
  };

  const ownerJson = (ownerName: string) => {
    const org = orgByName(ownerName);
    if (org) return orgJson(org);
    const u = userByLogin(ownerName);
    return {
      id: u?.id ?? 0,
      login: u?.login ?? ownerName,
      username: u?.login ?? ownerName,
      full_name: u?.fullName ?? "",
      email: u?.email ?? "",
      avatar_url: "",
      visibility: u?.visibility ?? "public",
    };
  };

  function userJson(u: FakeUser) {
    return {
      id: u.id,
      login: u.login,
      username: u.login,
      login_name: u.login,
      full_name: u.fullName ?? "",
      email: u.email ?? `${u.login}@example.test`,
      avatar_url: "",
      is_admin: false,
      visibility: u.visibility ?? "public",
    };
  }

  function orgJson(o: FakeOrg) {
    return {
      id: o.id,
      name: o.name,
      username: o.name,
      login: o.name,
      full_name: o.name,
      avatar_url: "",
      visibility: o.visibility ?? "public",
    };
  }

  let baseUrl = "";
  function repoJson(r: FakeRepo, login: string | undefined) {
    const full = `${r.owner}/${r.name}`;
    return {
      id: r.id,
      name: r.name,
      full_name: full,
      owner: ownerJson(r.owner),
      private: !!r.private,
      html_url: `${baseUrl}/${full}`,
      clone_url: `${baseUrl}/${full}.git`,
      ssh_url: "",
      default_branch: r.defaultBranch ?? "main",
      permissions: permFor(r, login),
      has_pull_requests: true,
      archived: !!r.archived,
    };
  }

  const repoByName = (o: string, n: string) => repos.find((r) => r.owner.toLowerCase() === o.toLowerCase() && r.name.toLowerCase() === n.toLowerCase());

  function page<T>(items: T[], q: URLSearchParams): T[] {
    const p = Math.max(1, parseInt(q.get("page") ?? "1", 10) || 1);
    let limit = parseInt(q.get("limit") ?? "", 10);
    if (!(limit > 0) || limit > maxItems) limit = maxItems;
    return items.slice((p - 1) * limit, p * limit);
  }

  function send(res: ServerResponse, status: number, body?: unknown) {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json;charset=utf-8" }).end(text);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  function tokenOf(req: IncomingMessage, q: URLSearchParams): string | undefined {
    const h = req.headers.authorization;
    if (h) {
      const m = /^(?:token|bearer)\s+(.+)$/i.exec(h);
      if (m) return m[1].trim();
    }
    return q.get("access_token") ?? q.get("token") ?? undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://fake");
    const q = url.searchParams;
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    const me = userByToken(tokenOf(req, q));
    rec.as = me?.login;
    const seg = path.split("/").filter(Boolean).map(decodeURIComponent);

    // ---- OAuth2 ----
    if (method === "GET" && path === "/login/oauth/authorize") {
      const redirect = q.get("redirect_uri");
      const login = q.get("login") ?? users[0]?.login;
      if (!redirect || !login || !userByLogin(login)) {
        send(res, 400, { message: "fake-gitea: redirect_uri and a known login are required" });
        return true;
      }
      const code = `code-${++codeSeq}-${login}`;
      codes.set(code, userByLogin(login)!.login);
      const to = new URL(redirect);
      to.searchParams.set("code", code);
      if (q.get("state")) to.searchParams.set("state", q.get("state")!);
      res.writeHead(302, { Location: to.toString() }).end();
      return true;
    }
    if (method === "POST" && path === "/login/oauth/access_token") {
      const raw = await readBody(req);
      const form = (req.headers["content-type"] ?? "").includes("json")
        ? new URLSearchParams(Object.entries(JSON.parse(raw || "{}")) as [string, string][])
        : new URLSearchParams(raw);
      let login: string | undefined;
      if (form.get("grant_type") === "refresh_token") {
        login = users.find((u) => refreshTokenFor(u.login) === form.get("refresh_token"))?.login;
      } else {
        login = codes.get(form.get("code") ?? "");
      }
      if (!login) {
        send(res, 400, { error: "invalid_grant", error_description: "fake-gitea: unknown code or refresh token" });
        return true;
      }
      send(res, 200, {
        access_token: accessTokenFor(login),
        token_type: "bearer",
        refresh_token: refreshTokenFor(login),
        expires_in: TOKEN_LIFETIME_SECONDS,
      });
      return true;
    }

    if (seg[0] !== "api" || seg[1] !== "v1") return false;
    const s = seg.slice(2);
    const is = (m: string, ...parts: (string | null)[]) => method === m && s.length === parts.length && parts.every((p, i) => p === null || p === s[i]);

    if (is("GET", "version")) return (send(res, 200, { version: opts.version ?? "1.22.0" }), true);
    if (is("GET", "settings", "api"))
      return (
        send(res, 200, {
          max_response_items: maxItems,
          default_paging_num: 30,
          default_git_trees_per_page: 1000,
          default_max_blob_size: 10485760,
        }),
        true
      );

    // ---- current user ----
    if (s[0] === "user" && !me) return (send(res, 401, { message: "token is required" }), true);
    if (is("GET", "user")) return (send(res, 200, userJson(me!)), true);
    if (is("GET", "user", "repos")) {
      // what Gitea lists: repos the user owns, repos of orgs they belong to, repos they collaborate on
      const login = me!.login.toLowerCase();
      const mine = repos.filter((r) => {
        const org = orgByName(r.owner);
        return r.owner.toLowerCase() === login || (org && orgRole(org, login)) || Object.keys(r.collaborators ?? {}).some((k) => k.toLowerCase() === login);
      });
      return (
        send(
          res,
          200,
          page(
            mine.map((r) => repoJson(r, me!.login)),
            q,
          ),
        ),
        true
      );
    }
    if (is("GET", "user", "orgs")) {
      const mine = orgs.filter((o) => orgRole(o, me!.login));
      return (send(res, 200, page(mine.map(orgJson), q)), true);
    }

    // ---- repos ----
    if (is("GET", "repositories", null)) {
      const r = repos.find((x) => String(x.id) === s[1]);
      return (r ? send(res, 200, repoJson(r, me?.login)) : send(res, 404, { message: "repo not found" }), true);
    }
    if (s[0] === "repos" && s.length >= 3) {
      const r = repoByName(s[1], s[2]);
      if (!r || (r.private && !permFor(r, me?.login).pull)) return (send(res, 404, { message: "repo not found" }), true);
      const key = `${r.owner}/${r.name}`;
      const branches = (r.branches ?? [r.defaultBranch ?? "main"]).map((b) => ({
        name: b,
        commit: { id: sha(`${key}@${b}`), url: `${baseUrl}/${key}/commit/${sha(`${key}@${b}`)}`, message: "fake commit" },
        protected: false,
      }));
      if (s.length === 3 && method === "GET") return (send(res, 200, repoJson(r, me?.login)), true);
      if (s[3] === "hooks") {
        const list = hooks.get(key) ?? [];
        if (s.length === 4 && method === "GET") return (send(res, 200, page(list, q)), true);
        if (s.length === 4 && method === "POST") {
          if (!permFor(r, me?.login).admin) return (send(res, 403, { message: "admin required" }), true);
          const body = JSON.parse((await readBody(req)) || "{}");
          const hook: FakeHook = {
            id: nextHookId++,
            type: body.type ?? "gitea",
            config: body.config ?? {},
            events: body.events ?? [],
            active: body.active ?? false,
          };
          hooks.set(key, [...list, hook]);
          return (send(res, 201, hook), true);
        }
        if (s.length === 5) {
          const hook = list.find((h) => String(h.id) === s[4]);
          if (!hook) return (send(res, 404, { message: "hook not found" }), true);
          if (method === "GET") return (send(res, 200, hook), true);
          if (method === "DELETE") {
            hooks.set(
              key,
              list.filter((h) => h !== hook),
            );
            return (send(res, 204), true);
          }
        }
      }
      if (s[3] === "branches" && method === "GET") {
        if (s.length === 4) return (send(res, 200, page(branches, q)), true);
        const b = branches.find((x) => x.name === s.slice(4).join("/"));
        return (b ? send(res, 200, b) : send(res, 404, { message: "branch not found" }), true);
      }
      if (s[3] === "pulls" && s.length === 4 && method === "GET") return (send(res, 200, []), true);
    }

    // ---- orgs and users ----
    if (is("GET", "orgs", null)) {
      const o = orgByName(s[1]);
      return (o ? send(res, 200, orgJson(o)) : send(res, 404, { message: "org not found" }), true);
    }
    if (is("GET", "orgs", null, "members", null)) {
      const o = orgByName(s[1]);
      return (send(res, o && orgRole(o, s[3]) ? 204 : 404), true);
    }
    if (is("GET", "users", null, "orgs", null, "permissions")) {
      const o = orgByName(s[3]);
      const role = o ? orgRole(o, s[1]) : undefined;
      if (!o) return (send(res, 404, { message: "org not found" }), true);
      return (
        send(res, 200, {
          is_owner: role === "owner",
          is_admin: role === "owner" || role === "admin",
          can_write: role === "owner" || role === "admin" || role === "write",
          can_read: !!role || o.visibility !== "private",
          can_create_repository: role === "owner" || role === "admin",
        }),
        true
      );
    }
    if (is("GET", "users", null)) {
      const u = userByLogin(s[1]);
      return (u ? send(res, 200, userJson(u)) : send(res, 404, { message: "user not found" }), true);
    }
    return false;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const rec: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.search, status: 0 };
    requests.push(rec);
    res.on("finish", () => (rec.status = res.statusCode));
    handle(req, res, rec)
      .then((done) => {
        if (!done) {
          unhandled.push(rec);
          send(res, 404, { message: `fake-gitea: no route for ${rec.method} ${rec.path}` });
        }
      })
      .catch((err) => {
        if (!res.headersSent) send(res, 500, { message: `fake-gitea: ${String(err)}` });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    requests,
    unhandled,
    hooks,
    accessTokenFor,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
