// The client-level behaviour of a Woodpecker v3 server that the provider relies on, as a table of
// cases that runs against any target given by URL + admin token + user token. The same table runs
// against the emulator in the default test run (test/conformance/emulator.test.ts) and against the
// real server in the e2e suite (test/e2e/real-server.conformance.test.ts), so the emulator's
// behaviour is defined by what the real server does. Expectations are those of the released v3.17.0
// (its source at tag v3.17.0, and what was measured on it); a case whose answer changed in a later
// release reads the target's version (`atLeast3_18`).
//
// This table is where server facts are pinned: code that relies on one cites the case by the start
// of its name, `(pinned: test/conformance/cases.ts, "perPage is capped at 50")`, several names
// separated by commas, on one line. test/citations.test.ts fails on a citation no case name starts with.
//
// Target-agnostic rules: no /__emulator/ control, no reset between cases (every case makes its own
// objects with unique names and its own repository), no assumptions about ids, and the forge
// objects the cases need are described once (FIXTURE) and put in place by each target's adapter:
// seeded into the emulator's forge catalogue, or served by the fake Gitea to the real server.
import { expect } from "vitest";
import { rawCall, type Answer } from "../support/emulator-client.js";
import { versionAtLeast } from "../../provider/client/versions.js";

/** Forge objects the cases use; logins are the target's own (see ConformanceTarget). */
export const FIXTURE = {
  org: "confco",
  /** confco/r1..rN: the admin administers them, the user may push. One per case that needs a repo. */
  repoCount: 28,
  firstRemoteId: 9101,
  branches: ["main", "develop"],
  /** <admin>/hidden: private, the user has no access at all */
  hidden: { name: "hidden", remoteId: 9199 },
} as const;

export const fixtureRepos = () => Array.from({ length: FIXTURE.repoCount }, (_, i) => ({ name: `r${i + 1}`, remoteId: FIXTURE.firstRemoteId + i }));

export interface ConformanceTarget {
  name: string;
  url: string;
  adminToken: string;
  userToken: string;
  /** login of the admin token's user (an instance admin) */
  adminLogin: string;
  /** login of the user token's user (not an admin) */
  userLogin: string;
  /** URL of forge 1 as the server reports it */
  forgeUrl: string;
  close(): Promise<void>;
}

type Who = "admin" | "user" | "anonymous";

export class Api {
  private nextRepo = 0;
  constructor(readonly t: ConformanceTarget) {}

  call(who: Who, method: string, path: string, opts: { json?: unknown; body?: string; contentType?: string } = {}): Promise<Answer> {
    const token = who === "anonymous" ? null : who === "admin" ? this.t.adminToken : this.t.userToken;
    return rawCall(this.t.url, method, path, { ...opts, token });
  }
  admin = (method: string, path: string, json?: unknown) => this.call("admin", method, path, { json });
  user = (method: string, path: string, json?: unknown) => this.call("user", method, path, { json });
  anon = (method: string, path: string, json?: unknown) => this.call("anonymous", method, path, { json });

  /** Activates the next unused fixture repository (as the admin) and returns the server's repo. */
  async freshRepo(): Promise<{ id: number; full_name: string; org_id: number; remoteId: number }> {
    const spec = fixtureRepos()[this.nextRepo++];
    if (!spec) throw new Error("conformance: FIXTURE.repoCount is too small for the cases");
    const r = await this.admin("POST", `/api/repos?forge_remote_id=${spec.remoteId}`);
    if (r.status !== 200) throw new Error(`activating ${FIXTURE.org}/${spec.name}: ${r.status} ${r.text}`);
    return { ...r.json, remoteId: spec.remoteId };
  }

  async hiddenRepo(): Promise<{ id: number }> {
    const r = await this.admin("POST", `/api/repos?forge_remote_id=${FIXTURE.hidden.remoteId}`);
    if (r.status === 200) return r.json;
    const l = await this.admin("GET", `/api/repos/lookup/${this.t.adminLogin}/${FIXTURE.hidden.name}`);
    if (l.status !== 200) throw new Error(`activating ${this.t.adminLogin}/${FIXTURE.hidden.name}: ${r.status} ${r.text}`);
    return l.json;
  }

  async orgId(): Promise<number> {
    await this.freshRepoOnce();
    const r = await this.admin("GET", `/api/orgs/lookup/${FIXTURE.org}`);
    if (r.status !== 200) throw new Error(`org ${FIXTURE.org} lookup: ${r.status} ${r.text}`);
    return r.json.id;
  }
  /** Whether the target is v3.18.0 or newer (development builds count as newest), from its `/version`. */
  atLeast3_18(): Promise<boolean> {
    return this.atLeast("3.18.0");
  }
  /** Whether the target is `release` or newer (development builds count as newest), from its `/version`. */
  async atLeast(release: string): Promise<boolean> {
    const v = await this.anon("GET", "/version");
    return versionAtLeast(String(v.json?.version ?? ""), release);
  }

  private orgRepo?: Promise<unknown>;
  private freshRepoOnce() {
    // the org appears on the server once one of its repositories is activated
    return (this.orgRepo ??= this.freshRepo());
  }
}

let uniq = 0;
/** A name unique within this process and run, for objects that live in shared lists. */
export const unique = (prefix: string) => `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${(uniq++).toString(36)}`;

const S = (name: string, extra: Record<string, unknown> = {}) => ({ name, value: "s3cret", events: ["push"], ...extra });
const html = (a: Answer, what: string) => {
  expect(a.status, what).toBe(200);
  expect(a.contentType, what).toMatch(/^text\/html/);
};

export interface ConformanceCase {
  name: string;
  run(api: Api): Promise<void>;
}

export const CASES: ConformanceCase[] = [
  {
    name: "/version and /healthz are at the root; /api/version is the HTML page",
    async run(api) {
      const v = await api.anon("GET", "/version");
      expect(v.status).toBe(200);
      expect(v.json).toEqual({ source: "https://github.com/woodpecker-ci/woodpecker", version: expect.any(String) });
      const h = await api.anon("GET", "/healthz");
      expect([h.status, h.text]).toEqual([204, ""]);
      html(await api.anon("GET", "/api/version"), "GET /api/version");
    },
  },
  {
    name: "unknown routes and wrong methods answer 200 text/html",
    async run(api) {
      for (const [m, p] of [
        ["GET", "/api/nope"],
        ["PUT", "/api/secrets/x"],
        ["DELETE", "/api/user/repos"],
        ["POST", "/api/users/somebody"],
      ]) {
        html(await api.admin(m, p), `${m} ${p}`);
      }
    },
  },
  {
    name: "a body without the JSON content type is not read (422 no event)",
    async run(api) {
      const repo = await api.freshRepo();
      const r = await api.call("admin", "POST", `/api/repos/${repo.id}/secrets`, { body: JSON.stringify(S("tok")) });
      expect([r.status, r.text]).toEqual([422, "Error inserting secret. invalid secret event: no event specified"]);
      const r2 = await api.call("admin", "POST", `/api/repos/${repo.id}/secrets`, { body: JSON.stringify(S("tok")), contentType: "text/plain" });
      expect(r2.status).toBe(422);
      const ok = await api.call("admin", "POST", `/api/repos/${repo.id}/secrets`, {
        body: JSON.stringify(S("tok")),
        contentType: "application/json; charset=utf-8",
      });
      expect(ok.status).toBe(200);
    },
  },
  {
    name: "perPage is capped at 50; lists are ordered by name without paging headers",
    async run(api) {
      const org = await api.orgId();
      const prefix = unique("page");
      for (let i = 0; i < 55; i++) {
        const r = await api.admin("POST", `/api/orgs/${org}/secrets`, S(`${prefix}-${String(54 - i).padStart(2, "0")}`));
        expect(r.status).toBe(200);
      }
      const big = await api.admin("GET", `/api/orgs/${org}/secrets?perPage=500`);
      expect(big.json).toHaveLength(50);
      expect((await api.admin("GET", `/api/orgs/${org}/secrets?perPage=0`)).json).toHaveLength(50);
      const names = (big.json as { name: string }[]).map((s) => s.name);
      expect(names).toEqual([...names].sort());
      const all: string[] = [];
      for (let page = 1; page < 10; page++) {
        const p = await api.admin("GET", `/api/orgs/${org}/secrets?page=${page}&perPage=50`);
        expect(p.headers.get("link")).toBeNull();
        expect(p.headers.get("x-total")).toBeNull();
        all.push(...(p.json ?? []).map((s: { name: string }) => s.name));
        if ((p.json ?? []).length < 50) break;
      }
      expect(all.filter((n) => n.startsWith(prefix))).toHaveLength(55);
    },
  },
  {
    name: "empty lists: null for repo secrets, registries and crons, [] for org secrets and registries",
    async run(api) {
      const repo = await api.freshRepo();
      expect((await api.admin("GET", `/api/repos/${repo.id}/secrets`)).text).toBe("null");
      expect((await api.admin("GET", `/api/repos/${repo.id}/registries`)).text).toBe("null");
      expect((await api.admin("GET", `/api/repos/${repo.id}/cron`)).text).toBe("null");
      // the user's personal org: nobody else writes there
      const own = await api.user("GET", `/api/orgs/lookup/${api.t.userLogin}`);
      expect(own.status).toBe(200);
      expect(own.json).toMatchObject({ name: api.t.userLogin, is_user: true });
      expect((await api.user("GET", `/api/orgs/${own.json.id}/secrets`)).text).toBe("[]");
      expect((await api.user("GET", `/api/orgs/${own.json.id}/registries`)).text).toBe("[]");
      expect((await api.user("GET", `/api/orgs/${own.json.id}/agents`)).text).toBe("null");
    },
  },
  {
    name: "duplicate secret → 500 text/plain with the insert-duplicate text",
    async run(api) {
      const repo = await api.freshRepo();
      expect((await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("tok"))).status).toBe(200);
      const d = await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("tok"));
      expect(d.status).toBe(500);
      expect(d.contentType).toMatch(/^text\/plain/);
      expect(d.text).toBe('Error inserting secret "tok". on insert duplicate based on constraints was detected');
    },
  },
  {
    name: "duplicate cron → 409",
    async run(api) {
      const repo = await api.freshRepo();
      expect((await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "a", schedule: "@daily" })).status).toBe(200);
      const d = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "a", schedule: "@hourly" });
      expect([d.status, d.text]).toEqual([409, "cron with this exists for this repo already"]);
    },
  },
  {
    name: "repo registry POST and PATCH echo the request, the GET has the stored row",
    async run(api) {
      const repo = await api.freshRepo();
      const p = await api.admin("POST", `/api/repos/${repo.id}/registries`, { address: "ghcr.io", username: "bot", password: "pw" });
      expect(p.status).toBe(200);
      expect(p.json).toEqual({ id: 0, org_id: 0, repo_id: 0, address: "ghcr.io", username: "bot", password: "", readonly: false });
      const g = await api.admin("GET", `/api/repos/${repo.id}/registries/ghcr.io`);
      expect(g.json).toEqual({ id: expect.any(Number), org_id: 0, repo_id: repo.id, address: "ghcr.io", username: "bot", password: "", readonly: false });
      expect(g.json.id).toBeGreaterThan(0);
      const u = await api.admin("PATCH", `/api/repos/${repo.id}/registries/ghcr.io`, { password: "new" });
      expect(u.json).toEqual({ id: 0, org_id: 0, repo_id: 0, address: "", username: "", password: "", readonly: false });
    },
  },
  {
    name: "secret values are never returned; registry passwords read as empty",
    async run(api) {
      const repo = await api.freshRepo();
      const c = await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("tok"));
      // A secret's note is v3.13.0's (server/model/secret.go at v3.13.0).
      const note = (await api.atLeast("3.13.0")) ? { note: "" } : {};
      expect(c.json).toEqual({ id: expect.any(Number), org_id: 0, repo_id: repo.id, name: "tok", images: null, events: ["push"], ...note });
      expect((await api.admin("GET", `/api/repos/${repo.id}/secrets/tok`)).json).toEqual(c.json);
      const list = await api.admin("GET", `/api/repos/${repo.id}/secrets`);
      expect(list.text).not.toContain("s3cret");
      await api.admin("POST", `/api/repos/${repo.id}/registries`, { address: "docker.io", username: "u", password: "hunter2" });
      const reg = await api.admin("GET", `/api/repos/${repo.id}/registries`);
      expect(reg.json).toHaveLength(1);
      expect(reg.json[0].password).toBe("");
      expect(reg.text).not.toContain("hunter2");
    },
  },
  {
    name: "secret events come back sorted",
    async run(api) {
      const repo = await api.freshRepo();
      const c = await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("ev", { events: ["tag", "push", "deployment"] }));
      expect(c.json.events).toEqual(["deployment", "push", "tag"]);
      const p = await api.admin("PATCH", `/api/repos/${repo.id}/secrets/ev`, { events: ["tag", "cron"] });
      expect(p.json.events).toEqual(["cron", "tag"]);
    },
  },
  {
    name: "validation status codes differ by level (secrets and registries)",
    async run(api) {
      const repo = await api.freshRepo();
      const org = await api.orgId();
      const noEvents = S(unique("v"), { events: [] });
      expect((await api.admin("POST", `/api/repos/${repo.id}/secrets`, noEvents)).status).toBe(422);
      const o = await api.admin("POST", `/api/orgs/${org}/secrets`, noEvents);
      expect(o.status).toBe(422);
      expect(o.text).toMatch(/^Error inserting org '.*' secret\. invalid secret event: no event specified$/);
      expect((await api.admin("POST", "/api/secrets", noEvents)).status).toBe(422);
      const g = unique("gv");
      expect((await api.admin("POST", "/api/secrets", S(g))).status).toBe(200);
      const gp = await api.admin("PATCH", `/api/secrets/${g}`, { events: [] });
      expect([gp.status, gp.text]).toEqual([400, "Error updating global secret. invalid secret event: no event specified"]);
      await api.admin("DELETE", `/api/secrets/${g}`);
      const R = { address: "ghcr.io", username: "bot", password: "pw" };
      const rp = await api.admin("POST", `/api/repos/${repo.id}/registries`, { ...R, password: "" });
      expect([rp.status, rp.text]).toEqual([400, "Error inserting registry. invalid registry password"]);
      const op = await api.admin("POST", `/api/orgs/${org}/registries`, { ...R, username: "" });
      expect(op.status).toBe(422);
      expect(op.text).toMatch(/^Error inserting org '.*' registry\. invalid registry username$/);
      const gr = await api.admin("POST", "/api/registries", { ...R, address: "" });
      expect([gr.status, gr.text]).toEqual([400, "Error inserting global registry. invalid registry address"]);
      expect((await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("x", { value: "" }))).text).toBe(
        "Error inserting secret. invalid secret value: empty value",
      );
    },
  },
  {
    name: "secret images: a dotted tag is rejected, plain tags and registries with ports are fine",
    async run(api) {
      const repo = await api.freshRepo();
      const bad = await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("img", { images: ["alpine:3.20"] }));
      expect(bad.status).toBe(422);
      expect(bad.text).toMatch(/^Error inserting secret\. invalid secret image: image 'alpine:3\.20' do not match regexp/);
      for (const img of ["alpine:3", "alpine:latest", "ghcr.io/a/b:v1", "localhost:5000/x"]) {
        const r = await api.admin("POST", `/api/repos/${repo.id}/secrets`, S(`n-${img}`, { images: [img] }));
        expect(r.status, img).toBe(200);
      }
    },
  },
  {
    name: "cron: enabled defaults to false, timezone UTC, branch empty; validation texts",
    async run(api) {
      const repo = await api.freshRepo();
      // enabled and variables are v3.13.0's, timezone v3.15.0's (server/model/cron.go at those tags): older releases drop them.
      const [v3_13, v3_15] = [await api.atLeast("3.13.0"), await api.atLeast("3.15.0")];
      const r = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: " nightly ", schedule: "0 3 * * *" });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        name: "nightly",
        repo_id: repo.id,
        branch: "",
        ...(v3_15 ? { timezone: "UTC" } : {}),
        ...(v3_13 ? { enabled: false, variables: null } : {}),
      });
      expect(["enabled" in r.json, "variables" in r.json, "timezone" in r.json]).toEqual([v3_13, v3_13, v3_15]);
      expect(r.json.next_exec).toBeGreaterThan(Date.now() / 1000);
      const tz = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "tz", schedule: "@daily", timezone: "Mars/Olympus" });
      if (v3_15) expect([tz.status, tz.text]).toEqual([422, "Error inserting cron. validate failed: can't parse timezone: unknown time zone Mars/Olympus"]);
      else expect([tz.status, "timezone" in tz.json]).toEqual([200, false]);
      const six = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "x", schedule: "* * * * * *" });
      expect(six.status).toBe(422);
      expect(six.text).toMatch(/^Error inserting cron\. validate failed: can't parse schedule: /);
      const br = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "x", schedule: "@daily", branch: "nope" });
      expect(br.status).toBe(400);
      expect(br.text).toMatch(/^Error inserting cron\. branch not resolved: /);
      const ok = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "dev", schedule: "@weekly", branch: "develop", enabled: true });
      expect(ok.json).toMatchObject({ branch: "develop", ...(v3_13 ? { enabled: true } : {}) });
    },
  },
  {
    name: "run a cron now: 204 filtered (no pipeline config on the forge), 404 unknown id, 400 non-numeric id",
    async run(api) {
      const repo = await api.freshRepo();
      const cron = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "now", schedule: "@daily" });
      expect(cron.status).toBe(200);
      const r = await api.admin("POST", `/api/repos/${repo.id}/cron/${cron.json.id}`);
      expect([r.status, r.text]).toEqual([204, ""]);
      expect(r.headers.get("pipeline-filtered")).toBe("true");
      expect((await api.admin("GET", `/api/repos/${repo.id}/pipelines`)).text).toBe("[]");
      expect((await api.user("POST", `/api/repos/${repo.id}/cron/${cron.json.id}`)).status).toBe(204);
      const unknown = await api.admin("POST", `/api/repos/${repo.id}/cron/${cron.json.id + 100000}`);
      expect([unknown.status, unknown.text]).toEqual([404, ""]);
      const bad = await api.admin("POST", `/api/repos/${repo.id}/cron/abc`);
      expect([bad.status, bad.text]).toEqual([400, 'Error parsing cron id. strconv.ParseInt: parsing "abc": invalid syntax']);
      expect((await api.anon("POST", `/api/repos/${repo.id}/cron/${cron.json.id}`)).status).toBe(401);
    },
  },
  {
    name: "branches and pull requests come from the forge",
    async run(api) {
      const repo = await api.freshRepo();
      const b = await api.user("GET", `/api/repos/${repo.id}/branches`);
      expect([b.status, b.json]).toEqual([200, [...FIXTURE.branches]]);
      const p = await api.user("GET", `/api/repos/${repo.id}/pull_requests`);
      expect([p.status, p.text]).toEqual([200, "[]"]);
      const hidden = await api.hiddenRepo();
      expect((await api.user("GET", `/api/repos/${hidden.id}/branches`)).status).toBe(404);
    },
  },
  {
    name: "pipeline writes on a repo without pipelines: the trigger is filtered (204), the rest 404 or 400",
    async run(api) {
      const repo = await api.freshRepo();
      const base = `/api/repos/${repo.id}`;
      const t = await api.user("POST", `${base}/pipelines`, { branch: FIXTURE.branches[1] });
      expect([t.status, t.text]).toEqual([204, ""]);
      expect(t.headers.get("pipeline-filtered")).toBe("true");
      expect((await api.admin("GET", `${base}/pipelines`)).text).toBe("[]");
      expect((await api.admin("POST", `${base}/pipelines`, { branch: "no-such-branch" })).status).toBe(500);
      const bad = await api.call("admin", "POST", `${base}/pipelines`, { body: "{", contentType: "application/json" });
      expect([bad.status, bad.text]).toEqual([400, ""]);
      for (const [m, p] of [
        ["POST", "/pipelines/1"],
        ["POST", "/pipelines/1/cancel"],
        ["POST", "/pipelines/1/decline"],
        ["DELETE", "/pipelines/1"],
        ["GET", "/pipelines/1/config"],
        ["GET", "/logs/1/1"],
        ["DELETE", "/logs/1"],
      ]) {
        const r = await api.admin(m, `${base}${p}`);
        expect([r.status, r.text], `${m} ${p}`).toEqual([404, ""]);
      }
      expect((await api.admin("POST", `${base}/pipelines/x`)).status).toBe(400);
      expect((await api.admin("GET", `${base}/pipelines/x/config`)).status).toBe(400);
      // v3.17.0's cancel, decline and delete-logs ignore a bad number (they look up 0: 404); v3.18.0
      // resolves the number in a middleware first (session.SetPipeline): 400.
      const notANumber = (await api.atLeast3_18()) ? 400 : 404;
      for (const [m, p] of [
        ["POST", "/pipelines/x/cancel"],
        ["POST", "/pipelines/x/decline"],
        ["DELETE", "/logs/x"],
      ]) {
        expect((await api.admin(m, `${base}${p}`)).status, `${m} ${p}`).toBe(notANumber);
      }
    },
  },
  {
    name: "feeds: repos without pipelines are bare {repo_id, full_name}; no pipeline is pending or running",
    async run(api) {
      const repo = await api.freshRepo();
      expect((await api.user("GET", `/api/repos/${repo.id}`)).status).toBe(200); // stores the user's perm row
      const latest = await api.user("GET", "/api/user/feed?latest=true");
      expect(latest.status).toBe(200);
      expect(latest.json).toContainEqual({ repo_id: repo.id, full_name: repo.full_name });
      const names = (latest.json as { full_name: string }[]).map((f) => f.full_name);
      expect(names).toEqual([...names].sort());
      expect((await api.admin("GET", "/api/pipelines")).text).toBe("[]");
      expect((await api.user("GET", "/api/pipelines")).status).toBe(403);
    },
  },
  {
    name: "queue: an empty queue as indented JSON; pause and resume; the signature key is ed25519 PEM",
    async run(api) {
      const info = await api.admin("GET", "/api/queue/info");
      expect(info.status).toBe(200);
      expect(info.text).toMatch(/^\{\n {4}"pending": \[\],\n {4}"waiting_on_deps": \[\],\n {4}"running": \[\],\n {4}"stats": \{\n {8}"worker_count": \d+,/);
      expect(info.json).toMatchObject({ stats: { pending_count: 0, waiting_on_deps_count: 0, running_count: 0 }, paused: false });
      expect((await api.admin("POST", "/api/queue/pause")).status).toBe(204);
      expect((await api.admin("GET", "/api/queue/info")).json.paused).toBe(true);
      expect((await api.admin("POST", "/api/queue/resume")).status).toBe(204);
      expect((await api.admin("GET", "/api/queue/info")).json.paused).toBe(false);
      expect((await api.user("GET", "/api/queue/info")).status).toBe(403);
      const key = await api.anon("GET", "/api/signature/public-key");
      expect([key.status, key.contentType]).toEqual([200, "text/plain; charset=utf-8"]);
      expect(key.text).toMatch(/^-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=\n-----END PUBLIC KEY-----\n$/);
    },
  },
  {
    name: "repo DELETE deactivates and keeps the row and its secrets; ?remove=true removes it",
    async run(api) {
      const repo = await api.freshRepo();
      await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("kept"));
      const d = await api.admin("DELETE", `/api/repos/${repo.id}`);
      expect(d.status).toBe(200);
      expect(d.json).toMatchObject({ id: repo.id, active: false });
      expect((await api.admin("GET", `/api/repos/${repo.id}`)).json).toMatchObject({ id: repo.id, active: false });
      const again = await api.admin("POST", `/api/repos?forge_remote_id=${repo.remoteId}`);
      expect(again.json).toMatchObject({ id: repo.id, active: true });
      expect((await api.admin("GET", `/api/repos/${repo.id}/secrets`)).json).toHaveLength(1);
      const rm = await api.admin("DELETE", `/api/repos/${repo.id}?remove=true`);
      expect(rm.status).toBe(200);
      expect(rm.json.id).toBe(repo.id);
      expect((await api.admin("GET", `/api/repos/${repo.id}`)).status).toBe(404);
      const l = await api.admin("GET", `/api/repos/lookup/${repo.full_name}`);
      expect([l.status, l.text]).toEqual([404, ""]);
    },
  },
  {
    name: "activating an active repository → 409; activation errors",
    async run(api) {
      const repo = await api.freshRepo();
      expect(repo).toMatchObject({
        active: true,
        full_name: expect.stringMatching(new RegExp(`^${FIXTURE.org}/r\\d+$`)),
        require_approval: "forks",
        timeout: 60,
        visibility: "public",
      });
      const again = await api.admin("POST", `/api/repos?forge_remote_id=${repo.remoteId}`);
      expect([again.status, again.text]).toEqual([409, "Repository is already active."]);
      const none = await api.admin("POST", "/api/repos");
      expect([none.status, none.text]).toEqual([400, "No forge_remote_id provided"]);
      expect((await api.anon("POST", `/api/repos?forge_remote_id=${repo.remoteId}`)).status).toBe(401);
    },
  },
  {
    name: "a user without push permission gets 404 with an empty body on repository paths",
    async run(api) {
      const hidden = await api.hiddenRepo();
      const r = await api.user("GET", `/api/repos/${hidden.id}/secrets`);
      expect([r.status, r.text]).toEqual([404, ""]);
      expect((await api.anon("GET", `/api/repos/${hidden.id}/secrets`)).status).toBe(401);
      expect((await api.user("GET", `/api/repos/${hidden.id}/permissions`)).json).toMatchObject({ pull: false, push: false, admin: false });
      const shared = await api.freshRepo();
      expect((await api.user("GET", `/api/repos/${shared.id}/permissions`)).json).toMatchObject({ pull: true, push: true, admin: false });
      expect((await api.user("POST", `/api/repos/${shared.id}/secrets`, S("pushed"))).status).toBe(200);
      const p = await api.user("PATCH", `/api/repos/${shared.id}`, { allow_pr: false });
      expect([p.status, p.text]).toEqual([403, "User not authorized"]);
    },
  },
  {
    name: "admin-only endpoints answer 403 to a user and 401 to nobody",
    async run(api) {
      const u = await api.user("GET", "/api/users");
      expect([u.status, u.text]).toEqual([403, "User not authorized"]);
      expect((await api.anon("GET", "/api/users")).status).toBe(401);
      const w = await api.user("POST", "/api/secrets", S(unique("x")));
      expect([w.status, w.text]).toEqual([403, "User not authorized"]);
      expect((await api.user("GET", "/api/agents")).status).toBe(403);
      expect((await api.user("GET", "/api/repos")).status).toBe(403);
      const bad = await api.call("anonymous", "GET", "/api/user", {});
      expect(bad.status).toBe(401);
    },
  },
  {
    name: "a missing org id reads like org 0: admin gets an empty org and org-0 secrets, a user 403",
    async run(api) {
      const probe = `0-${unique("org0")}`;
      expect((await api.admin("POST", "/api/secrets", S(probe))).status).toBe(200);
      const g = await api.admin("GET", "/api/orgs/987654");
      expect([g.status, g.text]).toEqual([200, '{"name":"","is_user":false}']);
      const a = await api.user("GET", "/api/orgs/987654");
      expect([a.status, a.text]).toEqual([403, "user not authorized"]);
      const l = await api.admin("GET", "/api/orgs/987654/secrets");
      expect(l.status).toBe(200);
      expect((l.json as { name: string }[]).map((s) => s.name)).toContain(probe);
      expect((await api.admin("DELETE", `/api/secrets/${probe}`)).status).toBe(204);
    },
  },
  {
    name: "user PATCH finds the user by the body's forge_remote_id (full replacement); unknown → 200 id 0",
    async run(api) {
      const u = (await api.admin("GET", `/api/users/${api.t.userLogin}`)).json;
      expect("admin" in u).toBe(false);
      if (!(await api.atLeast("3.12.0"))) {
        // Before v3.12.0 (server/api/users.go at v3.11.0) the path's login finds the user, the login
        // never changes, an unknown login is 404, and the remote id is not shown (json:"-").
        expect(u).toMatchObject({ login: api.t.userLogin, forge_id: 1 });
        expect("forge_remote_id" in u).toBe(false);
        const p = await api.admin("PATCH", `/api/users/${api.t.userLogin}`, { ...u, login: "renamed", email: "changed@example.test" });
        expect(p.json).toMatchObject({ id: u.id, login: api.t.userLogin, email: "changed@example.test" });
        expect((await api.admin("PATCH", `/api/users/${api.t.userLogin}`, u)).json).toMatchObject({ id: u.id, email: u.email });
        expect((await api.admin("PATCH", "/api/users/whatever", u)).status).toBe(404);
        expect((await api.admin("GET", "/api/users/no-such-login")).status).toBe(404);
        return;
      }
      expect(u).toMatchObject({ login: api.t.userLogin, forge_id: 1, forge_remote_id: expect.any(String) });
      const p = await api.admin("PATCH", "/api/users/whatever", { ...u, email: "changed@example.test" });
      expect(p.status).toBe(200);
      expect(p.json).toMatchObject({ id: u.id, login: api.t.userLogin, email: "changed@example.test" });
      const byId = await api.admin("GET", `/api/users/x?forge_remote_id=${encodeURIComponent(u.forge_remote_id)}`);
      expect(byId.json).toMatchObject({ id: u.id, email: "changed@example.test" });
      const restored = await api.admin("PATCH", `/api/users/${api.t.userLogin}`, u);
      expect(restored.json).toMatchObject({ id: u.id, email: u.email });
      const ghost = await api.admin("PATCH", `/api/users/${api.t.userLogin}`, { forge_remote_id: "no-such-remote-id", login: "ghost" });
      expect([ghost.status, ghost.json?.id]).toEqual([200, 0]);
      expect((await api.admin("GET", "/api/users/no-such-login")).status).toBe(404);
    },
  },
  {
    name: "agents: the token is returned on create, get and list; PATCH replaces name and no_schedule",
    async run(api) {
      const name = unique("agent");
      const p = await api.admin("POST", "/api/agents", { name, no_schedule: true });
      expect(p.status).toBe(200);
      expect(p.json).toMatchObject({ name, no_schedule: true, org_id: -1 });
      expect(p.json.token).toMatch(/^[A-Z2-7]{52}====$/);
      expect((await api.admin("GET", `/api/agents/${p.json.id}`)).json.token).toBe(p.json.token);
      const list = await api.admin("GET", "/api/agents");
      expect((list.json as { id: number; token: string }[]).find((a) => a.id === p.json.id)?.token).toBe(p.json.token);
      const u = await api.admin("PATCH", `/api/agents/${p.json.id}`, { token: "x" });
      expect(u.json).toMatchObject({ name: "", no_schedule: false, token: p.json.token });
      expect((await api.admin("DELETE", `/api/agents/${p.json.id}`)).status).toBe(204);
      expect((await api.admin("GET", `/api/agents/${p.json.id}`)).status).toBe(404);
    },
  },
  {
    name: "forges: anonymous and users get the public copy, the admin the full one",
    async run(api) {
      const pub = { id: 1, type: "gitea", url: api.t.forgeUrl };
      expect((await api.anon("GET", "/api/forges")).json).toEqual([pub]);
      expect((await api.user("GET", "/api/forges/1")).json).toEqual(pub);
      const full = await api.admin("GET", "/api/forges/1");
      expect(full.json).toMatchObject({ ...pub, client: expect.any(String) });
      expect(full.json.oauth_client_secret ?? "").toBe("");
      expect((await api.user("POST", "/api/forges", {})).status).toBe(403);
    },
  },
  {
    name: "orgs: lookup is case-insensitive; permissions for admin, member and nobody",
    async run(api) {
      const id = await api.orgId();
      const l = await api.user("GET", `/api/orgs/lookup/${FIXTURE.org.toUpperCase()}`);
      expect(l.json).toEqual({ id, forge_id: 1, name: FIXTURE.org, is_user: false });
      expect((await api.admin("GET", `/api/orgs/${id}/permissions`)).json).toEqual({ member: true, admin: true });
      expect((await api.user("GET", `/api/orgs/${id}/permissions`)).json).toEqual({ member: true, admin: false });
      expect((await api.anon("GET", `/api/orgs/${id}/permissions`)).json).toEqual({ member: false, admin: false });
      expect((await api.user("GET", `/api/orgs/${id}/secrets`)).status).toBe(403);
      expect((await api.admin("GET", "/api/orgs/abc")).text).toBe("Invalid organization ID");
      expect((await api.user("GET", `/api/orgs/lookup/${unique("nope")}`)).status).toBe(404);
    },
  },
  {
    name: "users list: ordered by login, admin present only when true",
    async run(api) {
      const l = await api.admin("GET", "/api/users");
      const logins = (l.json as { login: string }[]).map((u) => u.login);
      expect(logins).toEqual([...logins].sort());
      const admin = l.json.find((u: { login: string }) => u.login === api.t.adminLogin);
      const user = l.json.find((u: { login: string }) => u.login === api.t.userLogin);
      expect(admin.admin).toBe(true);
      expect("admin" in user).toBe(false);
    },
  },
  {
    name: "repo lookup is case-insensitive; pipelines: 404 for a missing one and for latest without pushes",
    async run(api) {
      const repo = await api.freshRepo();
      const l = await api.admin("GET", `/api/repos/lookup/${repo.full_name.toUpperCase()}`);
      expect(l.json).toMatchObject({ id: repo.id, full_name: repo.full_name });
      expect((await api.admin("GET", `/api/repos/${repo.id}/pipelines`)).text).toBe("[]");
      expect((await api.admin("GET", `/api/repos/${repo.id}/pipelines/99`)).status).toBe(404);
      expect((await api.admin("GET", `/api/repos/${repo.id}/pipelines/latest`)).status).toBe(404);
      expect((await api.admin("GET", "/api/repos/x")).status).toBe(400);
    },
  },
  {
    name: "repo PATCH validation codes",
    async run(api) {
      const repo = await api.freshRepo();
      const cases: Array<[unknown, number, string]> = [
        [{ require_approval: "sometimes" }, 400, "Invalid require-approval setting"],
        [{ visibility: "secret" }, 400, "Invalid visibility type"],
        [{ timeout: 0 }, 400, "Timeout must be at least 1 minute"],
      ];
      for (const [body, status, msg] of cases) {
        const r = await api.admin("PATCH", `/api/repos/${repo.id}`, body);
        expect([r.status, r.text], JSON.stringify(body)).toEqual([status, msg]);
      }
      const ok = await api.admin("PATCH", `/api/repos/${repo.id}`, { timeout: 500, trusted: { volumes: true } });
      expect(ok.json).toMatchObject({ timeout: 500, trusted: { network: false, volumes: true, security: false } });
    },
  },
  {
    name: "v3.17.0: under a missing org id, PATCH and DELETE of secrets and registries act on the global object of that name; org agents answer 404",
    async run(api) {
      const missing = 987_654_321;
      const name = unique("shared");
      expect((await api.admin("POST", "/api/secrets", S(name))).status).toBe(200);
      const patched = await api.admin("PATCH", `/api/orgs/${missing}/secrets/${name}`, { events: ["tag"] });
      expect([patched.status, patched.json?.org_id, patched.json?.events]).toEqual([200, 0, ["tag"]]);
      expect((await api.admin("GET", `/api/secrets/${name}`)).json.events).toEqual(["tag"]);
      expect((await api.admin("DELETE", `/api/orgs/${missing}/secrets/${name}`)).status).toBe(204);
      expect((await api.admin("GET", `/api/secrets/${name}`)).status).toBe(404);

      const address = `${unique("reg")}.example.com`;
      expect((await api.admin("POST", "/api/registries", { address, username: "global", password: "pw" })).status).toBe(200);
      expect((await api.admin("PATCH", `/api/orgs/${missing}/registries/${address}`, { username: "changed" })).status).toBe(200);
      expect((await api.admin("GET", `/api/registries/${address}`)).json.username).toBe("changed");
      await api.admin("DELETE", `/api/registries/${address}`);

      const agent = await api.admin("POST", "/api/agents", { name: unique("agent") });
      expect((await api.admin("PATCH", `/api/orgs/${missing}/agents/${agent.json.id}`, { name: "x" })).status).toBe(404);
      expect((await api.admin("DELETE", `/api/orgs/${missing}/agents/${agent.json.id}`)).status).toBe(404);
      expect((await api.admin("GET", `/api/agents/${agent.json.id}`)).json.name).toBe(agent.json.name);
      await api.admin("DELETE", `/api/agents/${agent.json.id}`);
    },
  },
  {
    name: "forge orgs: v3.17.0 drops them on create and update and never returns them; v3.18.0 stores them",
    async run(api) {
      const stores = await api.atLeast3_18();
      const body = { type: "gitea", url: `https://${unique("git")}.example.com`, client: "c", orgs: ["acme"] };
      const created = await api.admin("POST", "/api/forges", body);
      expect(created.status).toBe(200);
      expect(created.json.orgs).toEqual(stores ? ["acme"] : undefined);
      await api.admin("PATCH", `/api/forges/${created.json.id}`, { ...body, orgs: ["acme", "beta"] });
      expect((await api.admin("GET", `/api/forges/${created.json.id}`)).json.orgs).toEqual(stores ? ["acme", "beta"] : undefined);
      expect((await api.admin("DELETE", `/api/forges/${created.json.id}`)).status).toBe(204);
    },
  },
  {
    name: "the API's own 404s carry X-WOODPECKER-VERSION and have an empty body without a content type, or a text/plain message",
    async run(api) {
      const repo = await api.freshRepo();
      const missing = unique("missing");
      for (const path of [
        `/api/secrets/${missing}`,
        `/api/repos/${repo.id}/secrets/${missing}`,
        `/api/repos/${repo.id}/cron/999999`,
        "/api/forges/999999",
        "/api/agents/999999",
        `/api/users/${missing}`,
      ]) {
        const r = await api.admin("GET", path);
        expect([r.status, r.text, r.contentType], path).toEqual([404, "", ""]);
        expect(r.headers.get("x-woodpecker-version"), path).toEqual(expect.any(String));
      }
      const agent = await api.admin("DELETE", `/api/orgs/${repo.org_id}/agents/999999`);
      expect([agent.status, agent.text, agent.contentType]).toEqual([404, "Agent not found", "text/plain; charset=utf-8"]);
      expect(agent.headers.get("x-woodpecker-version")).toEqual(expect.any(String));
      // The collections those objects sit in answer, which is what proves such a 404 means "gone".
      for (const path of ["/api/secrets", `/api/repos/${repo.id}/secrets`, `/api/repos/${repo.id}/cron`, "/api/forges", "/api/agents", "/api/users"]) {
        expect((await api.admin("GET", `${path}?perPage=1`)).status, path).toBe(200);
      }
    },
  },
  {
    name: "a token whose user cannot see a repository gets 404 for the repository, its objects and their collections (not 403); the repository list needs an admin (403)",
    async run(api) {
      const hidden = await api.hiddenRepo();
      for (const path of [
        `/api/repos/${hidden.id}`,
        `/api/repos/${hidden.id}/secrets/x`,
        `/api/repos/${hidden.id}/secrets`,
        `/api/repos/${hidden.id}/cron`,
        `/api/repos/${hidden.id}/registries`,
      ]) {
        const r = await api.user("GET", path);
        expect([r.status, r.text], path).toEqual([404, ""]);
        expect(r.headers.get("x-woodpecker-version"), path).toEqual(expect.any(String));
      }
      expect((await api.user("DELETE", `/api/repos/${hidden.id}/secrets/x`)).status).toBe(404);
      const list = await api.user("GET", "/api/repos?perPage=1");
      expect([list.status, list.text]).toEqual([403, "User not authorized"]);
    },
  },
  {
    name: "registry addresses go through Go's url.Parse: %zz is refused with 400 (repository, global) or 422 (org)",
    async run(api) {
      const repo = await api.freshRepo();
      const bad = { address: "%zz", username: "u", password: "p" };
      const onRepo = await api.admin("POST", `/api/repos/${repo.id}/registries`, bad);
      expect([onRepo.status, onRepo.text]).toEqual([400, 'Error inserting registry. parse "%zz": invalid URL escape "%zz"']);
      const onOrg = await api.admin("POST", `/api/orgs/${repo.org_id}/registries`, bad);
      expect(onOrg.status).toBe(422);
      expect(onOrg.text).toMatch(/parse "%zz": invalid URL escape "%zz"$/);
      expect((await api.admin("POST", "/api/registries", bad)).status).toBe(400);
      const address = `${unique("reg")}.example.com`;
      await api.admin("POST", "/api/registries", { address, username: "u", password: "p" });
      expect((await api.admin("PATCH", `/api/registries/${address}`, { address: "%zz" })).status).toBe(400);
      expect((await api.admin("GET", `/api/registries/${address}`)).status).toBe(200);
      await api.admin("DELETE", `/api/registries/${address}`);
    },
  },
  {
    name: "GET /api/user is the token's own user",
    async run(api) {
      const me = await api.user("GET", "/api/user");
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ login: api.t.userLogin, id: expect.any(Number) });
      expect("admin" in me.json).toBe(false);
      expect((await api.admin("GET", "/api/user")).json).toMatchObject({ login: api.t.adminLogin, admin: true });
    },
  },
  {
    name: "orgs have no create route (POST /api/orgs is the HTML page); activating a repository puts its owner's org on the server",
    async run(api) {
      html(await api.admin("POST", "/api/orgs", { name: unique("org") }), "POST /api/orgs");
      const repo = await api.freshRepo();
      const org = await api.admin("GET", `/api/orgs/lookup/${FIXTURE.org}`);
      expect(org.json).toEqual({ id: repo.org_id, forge_id: 1, name: FIXTURE.org, is_user: false });
    },
  },
  {
    name: "enums: every webhook event, pipeline status, approval mode and visibility of the release is accepted, anything else refused",
    async run(api) {
      const repo = await api.freshRepo();
      const events = ["push", "pull_request", "pull_request_closed", "pull_request_metadata", "tag", "release", "deployment", "cron", "manual"];
      const c = await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("all-events", { events }));
      expect(c.json.events).toEqual([...events].sort());
      const bad = await api.admin("POST", `/api/repos/${repo.id}/secrets`, S("bad-event", { events: ["push", "bogus"] }));
      expect([bad.status, bad.text]).toEqual([422, "Error inserting secret. invalid webhook event: bogus\ninvalid secret event"]);
      const pipelines = `/api/repos/${repo.id}/pipelines`;
      for (const status of ["skipped", "pending", "running", "success", "failure", "killed", "canceled", "error", "blocked", "declined", "created"]) {
        expect((await api.admin("GET", `${pipelines}?status=${status}`)).text, status).toBe("[]");
      }
      expect((await api.admin("GET", `${pipelines}?event=${events.join(",")}`)).text).toBe("[]");
      for (const query of ["status=done", "event=push,bogus"]) {
        const r = await api.admin("GET", `${pipelines}?${query}`);
        expect([r.status, r.text], query).toEqual([400, ""]);
      }
      for (const require_approval of ["none", "forks", "pull_requests", "all_events"]) {
        expect((await api.admin("PATCH", `/api/repos/${repo.id}`, { require_approval })).json.require_approval).toBe(require_approval);
      }
      for (const visibility of ["public", "private", "internal"]) {
        expect((await api.admin("PATCH", `/api/repos/${repo.id}`, { visibility })).json.visibility).toBe(visibility);
      }
    },
  },
  {
    name: "cron: a schedule without a future run is refused with 400",
    async run(api) {
      const repo = await api.freshRepo();
      const r = await api.admin("POST", `/api/repos/${repo.id}/cron`, { name: "never", schedule: "0 3 31 2 *" });
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/^Error inserting cron\. schedule could not parsed: /);
      expect((await api.admin("GET", `/api/repos/${repo.id}/cron`)).text).toBe("null");
    },
  },
  {
    name: 'users created through the API have forge_remote_id "0", so a second one on the forge → 500 until the first is gone; the login rule',
    async run(api) {
      const first = unique("first");
      const second = unique("second");
      const created = await api.admin("POST", "/api/users", { login: first, email: "a@example.test" });
      try {
        expect(created.status).toBe(200);
        if (!(await api.atLeast("3.12.0"))) {
          // Before v3.12.0 only the login is unique and the remote id is json:"-" (server/model/user.go at v3.11.0).
          expect(created.json).toMatchObject({ login: first, forge_id: 1, org_id: expect.any(Number) });
          expect("forge_remote_id" in created.json).toBe(false);
          expect((await api.admin("POST", "/api/users", { login: second })).status).toBe(200);
          expect((await api.admin("DELETE", `/api/users/${second}`)).status).toBe(204);
          expect((await api.admin("POST", "/api/users", { login: first })).status).toBe(500);
          return;
        }
        expect(created.json).toMatchObject({ login: first, forge_id: 1, forge_remote_id: "0", org_id: expect.any(Number) });
        const clash = await api.admin("POST", "/api/users", { login: second });
        expect(clash.status).toBe(500);
        expect(clash.text).toMatch(/duplicate/);
      } finally {
        await api.admin("DELETE", `/api/users/${first}`);
      }
      expect((await api.admin("GET", `/api/users/${first}`)).status).toBe(404);
      const again = await api.admin("POST", "/api/users", { login: second });
      expect(again.status).toBe(200);
      expect((await api.admin("DELETE", `/api/users/${second}`)).status).toBe(204);
      for (const login of ["bad login!", "", "x".repeat(251)]) {
        const r = await api.admin("POST", "/api/users", { login });
        expect([r.status, r.text], JSON.stringify(login)).toEqual([400, "invalid user login"]);
      }
    },
  },
  {
    name: "forge PATCH replaces every field: what the body leaves out is cleared",
    async run(api) {
      const body = {
        type: "gitea",
        url: `https://${unique("git")}.example.com`,
        client: "c",
        oauth_client_secret: "s",
        oauth_host: "https://oauth.example.com",
      };
      const created = await api.admin("POST", "/api/forges", { ...body, skip_verify: true, additional_options: { a: "b" } });
      expect(created.json).toMatchObject({ client: "c", skip_verify: true, additional_options: { a: "b" } });
      const url = `https://${unique("hub")}.example.com`;
      const p = await api.admin("PATCH", `/api/forges/${created.json.id}`, { type: "github", url });
      expect([p.status, p.json]).toEqual([200, { id: created.json.id, type: "github", url }]);
      expect((await api.admin("GET", `/api/forges/${created.json.id}`)).json).toEqual({ id: created.json.id, type: "github", url });
      expect((await api.admin("DELETE", `/api/forges/${created.json.id}`)).status).toBe(204);
    },
  },
  {
    name: "org agents: created with the org's id, listed by GET /api/agents with the global ones; PATCH replaces name and no_schedule",
    async run(api) {
      const org = await api.orgId();
      const name = unique("org-agent");
      const a = await api.admin("POST", `/api/orgs/${org}/agents`, { name, no_schedule: true });
      expect(a.status).toBe(200);
      expect(a.json).toMatchObject({ name, org_id: org, no_schedule: true, token: expect.stringMatching(/^[A-Z2-7]{52}====$/) });
      const listed = await api.admin("GET", `/api/orgs/${org}/agents`);
      expect((listed.json as { id: number }[]).map((x) => x.id)).toContain(a.json.id);
      const all: { id: number; org_id: number }[] = [];
      for (let page = 1; page < 100; page++) {
        const p = (await api.admin("GET", `/api/agents?page=${page}`)).json ?? [];
        all.push(...p);
        if (p.length < 50) break;
      }
      expect(all.find((x) => x.id === a.json.id)?.org_id).toBe(org);
      const u = await api.admin("PATCH", `/api/orgs/${org}/agents/${a.json.id}`, { name: "renamed" });
      expect(u.json).toMatchObject({ id: a.json.id, name: "renamed", no_schedule: false, token: a.json.token });
      expect((await api.admin("DELETE", `/api/orgs/${org}/agents/${a.json.id}`)).status).toBe(204);
    },
  },
  // Last, since it removes the forge every login goes through (the server writes it again only at
  // its next start, server/services/setup.go): no case may run after it.
  {
    name: "v3.17.0 deletes forge 1, its primary forge, when an admin asks (204); it is gone until the server restarts",
    async run(api) {
      expect((await api.admin("GET", "/api/forges/1")).status).toBe(200);
      const r = await api.admin("DELETE", "/api/forges/1");
      expect([r.status, r.text]).toEqual([204, ""]);
      expect((await api.admin("GET", "/api/forges/1")).status).toBe(404);
    },
  },
];
