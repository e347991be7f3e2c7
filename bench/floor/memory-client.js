"use strict";
/**
 * Bench only (never shipped): an in-memory Woodpecker for the no-I/O floor providers of
 * bench/faces.ts. `install()` replaces the HTTP of the compiled client (dist/) with this store, so
 * the provider's engine, check, diff and state are exactly the shipped ones and only the network
 * is gone. It answers the secret routes (repository, org and global) as the emulator does for
 * valid input: the value never comes back, events sorted, images null when not sent, 404 for a
 * missing secret, the duplicate-insert 500 for a taken name. Any other route is an error.
 * Each CLI command starts a new provider process, so a refresh would find an empty store: with a
 * journal file, every write is appended to it (one small local append, no network) and a new
 * process starts from it. Plain JS so that the floors load it without a build step.
 */
const { appendFileSync, existsSync, readFileSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const DUPLICATE = "on insert duplicate based on constraints was detected";
const SECRET_ROUTE = /^(?:\/(repos|orgs)\/(\d+))?\/secrets(?:\/([^/?]+))?$/;

class MemoryWoodpecker {
  /** @param {typeof import("../../provider/client/errors").WoodpeckerError} WoodpeckerError the client's error class */
  constructor(WoodpeckerError, journal) {
    this.WoodpeckerError = WoodpeckerError;
    /** secrets by "<repoId>/<orgId>/<name>" */
    this.secrets = new Map();
    this.nextId = 1;
    this.journal = journal;
    if (journal && existsSync(journal)) {
      for (const line of readFileSync(journal, "utf8").split("\n")) {
        if (!line) continue;
        const { key, secret } = JSON.parse(line);
        if (secret) this.secrets.set(key, secret);
        else this.secrets.delete(key);
        if (secret) this.nextId = Math.max(this.nextId, secret.id + 1);
      }
    }
  }

  /** Stores (or with no secret, removes) one secret, in memory and in the journal. */
  save(key, secret) {
    if (secret) this.secrets.set(key, secret);
    else this.secrets.delete(key);
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify({ key, secret })}\n`);
  }

  /** What `WoodpeckerClient.request(method, path, { body, object })` answers, `path` under /api. */
  async request(method, apiPath, options = {}) {
    const route = SECRET_ROUTE.exec(apiPath);
    if (!route) throw new Error(`memory client: no route for ${method} ${apiPath}`);
    const [, level, scopeId, escapedName] = route;
    const owner = { org_id: level === "orgs" ? Number(scopeId) : 0, repo_id: level === "repos" ? Number(scopeId) : 0 };
    const key = (name) => `${owner.repo_id}/${owner.org_id}/${name}`;
    const fail = (status, body = "") => {
      throw this.WoodpeckerError.fromResponse({ method, path: `/api${apiPath}`, status, body, object: options.object });
    };
    if (escapedName === undefined) {
      if (method === "GET") {
        const list = [...this.secrets.values()]
          .filter((s) => s.org_id === owner.org_id && s.repo_id === owner.repo_id)
          .sort(byName)
          .map(view);
        return list.length === 0 && level === "repos" ? null : list; // the repository level answers null when empty
      }
      if (method !== "POST") fail(405);
      const body = options.body ?? {};
      if (this.secrets.has(key(body.name))) fail(500, `Error inserting secret "${body.name}". ${DUPLICATE}`);
      const secret = {
        id: this.nextId++,
        ...owner,
        name: body.name,
        value: body.value,
        images: body.images ?? null,
        events: sorted(body.events ?? []),
        note: body.note ?? "",
      };
      this.save(key(secret.name), secret);
      return view(secret);
    }
    const name = decodeURIComponent(escapedName);
    const secret = this.secrets.get(key(name));
    if (!secret) fail(404);
    if (method === "GET") return view(secret);
    if (method === "DELETE") {
      this.save(key(name), undefined);
      return undefined;
    }
    if (method !== "PATCH") fail(405);
    // As the server: the name is ignored, an empty value keeps the old one.
    const body = options.body ?? {};
    if (typeof body.value === "string" && body.value !== "") secret.value = body.value;
    if (Array.isArray(body.events)) secret.events = sorted(body.events);
    if (Array.isArray(body.images)) secret.images = body.images;
    if (typeof body.note === "string") secret.note = body.note;
    this.save(key(name), secret);
    return view(secret);
  }

  /** `WoodpeckerClient.list`: the whole list in one answer (the fake has no pages). */
  async list(apiPath, options = {}) {
    return (await this.request("GET", apiPath, options)) ?? [];
  }
}

const view = (s) => ({ id: s.id, org_id: s.org_id, repo_id: s.repo_id, name: s.name, images: s.images, events: s.events, note: s.note });
const sorted = (events) => [...events].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);

/** Points every WoodpeckerClient of the compiled provider (dist/) at one in-memory store, kept in `journal` if given. */
function install(journal) {
  const { WoodpeckerClient } = require(path.join(root, "dist/provider/client/client.js"));
  const { WoodpeckerError } = require(path.join(root, "dist/provider/client/errors.js"));
  const store = new MemoryWoodpecker(WoodpeckerError, journal);
  WoodpeckerClient.prototype.request = function (method, apiPath, options) {
    return store.request(method, apiPath, options);
  };
  WoodpeckerClient.prototype.list = function (apiPath, options) {
    return store.list(apiPath, options);
  };
  WoodpeckerClient.prototype.serverVersion = async () => "3.17.0";
  return store;
}

module.exports = { MemoryWoodpecker, install };
