import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { specs } from "../../provider/resources/index.js";
import { MINIMAL_ARGS } from "../support/minimal-args.js";
import { EmulatorFixture } from "../support/emulator.js";
import { declare, startHost, stripSecrets, urnOf, wrapSecret, type Host, type Props } from "../support/host.js";

/**
 * Bad-input corpus: invalid inputs for every resource kind, each refused at `check` through the
 * real provider host with the field path named (so `pulumi preview` stops them), or, when only the
 * server can know, refused at `up` with an error naming the object and the cause. None may leave
 * anything on the server. What the server accepts (odd secret names, registry addresses with a
 * path) is not refused: its round trip is checked instead.
 */

const kinds = Object.keys(specs);
let emu: EmulatorFixture;
let host: Host;
let providers: Record<string, string>;

const base: Record<string, Props> = MINIMAL_ARGS;

beforeAll(async () => {
  emu = await EmulatorFixture.start();
  const declared = await declare((sdk) => kinds.forEach((kind) => new sdk[kind](`p-${kind}`, base[kind])));
  providers = Object.fromEntries(kinds.map((kind) => [kind, declared.find((d) => d.name === `p-${kind}`)!.inputs.__provider]));
  host = await startHost();
  await host.configure({ "woodpecker:server": emu.url, "woodpecker:token": wrapSecret(emu.emulator.adminToken), "woodpecker:retries": "0" });
});
afterAll(async () => {
  await host?.close();
  await emu?.close();
});
beforeEach(() => emu.reset());

const urn = (kind: string) => urnOf(`pulumi-nodejs:dynamic/woodpecker:${kind}`, "bad");
const news = (kind: string, args: Props) => stripSecrets({ ...args, __provider: providers[kind] });
const messageOf = (error: unknown) => String((error as { details?: string }).details ?? (error as Error).message ?? error);
const without = (kind: string, key: string) => Object.fromEntries(Object.entries(base[kind]!).filter(([k]) => k !== key));

/** [kind, what is wrong, args (merged over the kind's valid base unless `replace`), failing property, reason]. */
type CheckCase = [kind: string, what: string, args: Props, property: string, reason: RegExp, replace?: boolean];
const long = "x".repeat(300);
const checkCases: CheckCase[] = [
  // Secrets, at each level: events, images, names, values, ids, types, typos.
  ["RepositorySecret", "no events", { events: [] }, "events", /at least one event/],
  ["RepositorySecret", "unknown event", { events: ["merge"] }, "events[0]", /unknown event "merge"/],
  ["RepositorySecret", "unknown event after a good one", { events: ["push", "pushed"] }, "events[1]", /unknown event "pushed"/],
  ["RepositorySecret", "event in the wrong case", { events: ["Push"] }, "events[0]", /unknown event "Push"/],
  ["RepositorySecret", "events as a string", { events: "push" }, "events", /array/i],
  ["RepositorySecret", "event as a number", { events: ["push", 5] }, "events[1]", /unknown event 5/],
  ["RepositorySecret", "dotted image tag", { images: ["alpine:3.20"] }, "images[0]", /dots/],
  ["RepositorySecret", "dotted tag with registry host", { images: ["ghcr.io/acme/tool:v1.2"] }, "images[0]", /dots/],
  ["RepositorySecret", "empty image", { images: [""] }, "images[0]", /empty/],
  ["RepositorySecret", "image with a space", { images: ["alpine 3"] }, "images[0]", /image reference/],
  ["RepositorySecret", "bad digest", { images: ["alpine@sha256:xyz"] }, "images[0]", /image reference/],
  ["RepositorySecret", "images as a string", { images: "alpine" }, "images", /array/i],
  ["RepositorySecret", "empty name", { name: "" }, "name", /must not be empty/],
  ["RepositorySecret", "blank name", { name: "  \t " }, "name", /must not be empty/],
  ["RepositorySecret", "name as a number", { name: 42 }, "name", /string/i],
  ["RepositorySecret", "empty value", { value: "" }, "value", /must not be empty/],
  ["RepositorySecret", "value as a number", { value: 123 }, "value", /string/i],
  ["RepositorySecret", "value null", { value: null }, "value", /string/i],
  ["RepositorySecret", "negative repository id", { repositoryId: -1 }, "repositoryId", /positive|>0|greater/i],
  ["RepositorySecret", "repository id 0", { repositoryId: 0 }, "repositoryId", /positive|>0|greater/i],
  ["RepositorySecret", "fractional repository id", { repositoryId: 1.5 }, "repositoryId", /int/i],
  ["RepositorySecret", "repository id as a string", { repositoryId: "7" }, "repositoryId", /number/i],
  ["RepositorySecret", "missing repository id", without("RepositorySecret", "repositoryId"), "repositoryId", /required/, true],
  ["RepositorySecret", "note as a number", { note: 5 }, "note", /string/i],
  ["RepositorySecret", "adopt as a string", { adopt: "yes" }, "adopt", /boolean/i],
  ["RepositorySecret", "misspelt input", { nmae: "typo" }, "", /no input "nmae"/],
  ["OrgSecret", "negative org id", { orgId: -3 }, "orgId", /positive|>0|greater/i],
  ["OrgSecret", "missing org id", without("OrgSecret", "orgId"), "orgId", /required/, true],
  ["OrgSecret", "org id as a string", { orgId: "acme" }, "orgId", /number/i],
  ["OrgSecret", "unknown event", { events: ["cron", "nightly"] }, "events[1]", /unknown event "nightly"/],
  ["OrgSecret", "dotted image tag", { images: ["node:20.1"] }, "images[0]", /dots/],
  ["OrgSecret", "repositoryId on an org secret", { repositoryId: 3 }, "", /no input "repositoryId"/],
  ["GlobalSecret", "no events", { events: [] }, "events", /at least one event/],
  ["GlobalSecret", "missing name", without("GlobalSecret", "name"), "name", /required/, true],
  ["GlobalSecret", "missing value", without("GlobalSecret", "value"), "value", /required/, true],
  ["GlobalSecret", "events as an object", { events: { push: true } }, "events", /array/i],
  ["GlobalSecret", "orgId on a global secret", { orgId: 1 }, "", /no input "orgId"/],
  // Registries.
  ["RepositoryRegistry", "empty address", { address: "" }, "address", /must not be empty/],
  ["RepositoryRegistry", "blank address", { address: "   " }, "address", /must not be empty/],
  ["RepositoryRegistry", "empty username", { username: "" }, "username", /must not be empty/],
  ["RepositoryRegistry", "empty password", { password: "" }, "password", /must not be empty/],
  ["RepositoryRegistry", "password as a number", { password: 1234 }, "password", /string/i],
  ["RepositoryRegistry", "negative repository id", { repositoryId: -7 }, "repositoryId", /positive|>0|greater/i],
  ["RepositoryRegistry", "misspelt input", { user: "u" }, "", /no input "user"/],
  ["OrgRegistry", "org id 0", { orgId: 0 }, "orgId", /positive|>0|greater/i],
  ["OrgRegistry", "missing address", without("OrgRegistry", "address"), "address", /required/, true],
  ["OrgRegistry", "missing username", without("OrgRegistry", "username"), "username", /required/, true],
  ["GlobalRegistry", "address as a number", { address: 5000 }, "address", /string/i],
  ["GlobalRegistry", "empty password", { password: "" }, "password", /must not be empty/],
  ["GlobalRegistry", "address as a list", { address: ["ghcr.io"] }, "address", /string/i],
  // Crons: schedules, time zones, names, variables.
  ["RepositoryCron", "seconds field", { schedule: "0 0 * * * *" }, "schedule", /seconds/],
  ["RepositoryCron", "four fields", { schedule: "0 0 * *" }, "schedule", /5 fields/],
  ["RepositoryCron", "@every below a second", { schedule: "@every 500ms" }, "schedule", /at least 1s/],
  ["RepositoryCron", "@every without a unit", { schedule: "@every 10" }, "schedule", /Go duration/],
  ["RepositoryCron", "unknown descriptor", { schedule: "@fortnightly" }, "schedule", /unknown descriptor/],
  ["RepositoryCron", "minute 61", { schedule: "61 * * * *" }, "schedule", /minute/],
  ["RepositoryCron", "hour 24", { schedule: "0 24 * * *" }, "schedule", /hour/],
  ["RepositoryCron", "day 32", { schedule: "0 0 32 * *" }, "schedule", /day of month/],
  ["RepositoryCron", "month 13", { schedule: "0 0 1 13 *" }, "schedule", /month/],
  ["RepositoryCron", "31 February (no future run)", { schedule: "0 3 31 2 *" }, "schedule", /never comes/],
  ["RepositoryCron", "31 April and June", { schedule: "0 0 31 APR,JUN *" }, "schedule", /never comes/],
  ["RepositoryCron", "weekday 8", { schedule: "0 0 * * 8" }, "schedule", /day of week/],
  ["RepositoryCron", "backwards range", { schedule: "0 10-2 * * *" }, "schedule", /hour/],
  ["RepositoryCron", "words", { schedule: "every day at noon" }, "schedule", /5 fields/],
  ["RepositoryCron", "empty schedule", { schedule: "" }, "schedule", /empty/],
  ["RepositoryCron", "unknown zone in CRON_TZ", { schedule: "CRON_TZ=Mars/Base 0 0 * * *" }, "schedule", /time zone/],
  ["RepositoryCron", "unknown time zone", { timezone: "Mars/Olympus" }, "timezone", /IANA/],
  ["RepositoryCron", "lower-case utc", { timezone: "utc" }, "timezone", /IANA/],
  ["RepositoryCron", "UTC offset as a zone", { timezone: "+02:00" }, "timezone", /IANA/],
  ["RepositoryCron", "empty name", { name: "" }, "name", /empty/],
  ["RepositoryCron", "variables with a number", { variables: { A: 1 } }, "variables.A", /string/i],
  ["RepositoryCron", "variables as a list", { variables: ["A=1"] }, "variables", /object|record/i],
  ["RepositoryCron", "enabled as a string", { enabled: "yes" }, "enabled", /boolean/i],
  ["RepositoryCron", "branch as a number", { branch: 5 }, "branch", /string/i],
  // Repositories.
  ["Repository", "full name without owner", { fullName: "api" }, "fullName", /owner\/name/],
  ["Repository", "full name with a space", { fullName: "acme/my api" }, "fullName", /owner\/name/],
  ["Repository", "empty full name", { fullName: "" }, "fullName", /owner\/name/],
  ["Repository", "neither full name nor forge id", {}, "fullName", /fullName \(owner\/name\) or forgeRemoteId is required/, true],
  ["Repository", "empty forge id", { forgeRemoteId: "" }, "forgeRemoteId", /./],
  ["Repository", "unknown visibility", { visibility: "secret" }, "visibility", /public|private|internal|option/i],
  ["Repository", "unknown approval mode", { requireApproval: "sometimes" }, "requireApproval", /none|forks|option/i],
  ["Repository", "timeout 0", { timeout: 0 }, "timeout", /at least 1 minute/],
  ["Repository", "fractional timeout", { timeout: 1.5 }, "timeout", /int/i],
  ["Repository", "unknown cancel event", { cancelPreviousPipelineEvents: ["merge"] }, "cancelPreviousPipelineEvents[0]", /./],
  ["Repository", "trusted flag as a string", { trusted: { network: "yes" } }, "trusted.network", /boolean/i],
  ["Repository", "unknown trusted flag", { trusted: { root: true } }, "trusted", /root/],
  ["Repository", "empty approved user", { approvalAllowedUsers: [""] }, "approvalAllowedUsers[0]", /./],
  ["Repository", "empty netrc image", { netrcTrusted: [""] }, "netrcTrusted[0]", /./],
  ["Repository", "removeOnDestroy as a string", { removeOnDestroy: "true" }, "removeOnDestroy", /boolean/i],
  // Orgs and agents.
  ["Org", "empty name", { name: "" }, "name", /must not be empty/],
  ["Org", "missing name", {}, "name", /required/, true],
  ["Org", "deleteOnDestroy as a string", { deleteOnDestroy: "true" }, "deleteOnDestroy", /boolean/i],
  ["Org", "adopt on an org", { adopt: true }, "", /no input "adopt"/],
  ["OrgAgent", "negative org id", { orgId: -1 }, "orgId", /positive|>0|greater/i],
  ["OrgAgent", "noSchedule as a string", { noSchedule: "no" }, "noSchedule", /boolean/i],
  ["Agent", "name as a number", { name: 7 }, "name", /string/i],
  ["Agent", "missing name", {}, "name", /required/, true],
  ["Agent", "token as an input", { token: "abc" }, "", /no input "token"/],
  // Users.
  ["User", "empty login", { login: "" }, "login", /must not be empty/],
  ["User", "login with a space", { login: "bob smith" }, "login", /letters, digits/],
  ["User", "login with a slash", { login: "acme/bob" }, "login", /letters, digits/],
  ["User", "login with a newline", { login: "bob\nadmin" }, "login", /letters, digits/],
  ["User", "unicode login", { login: "bøb" }, "login", /letters, digits/],
  ["User", "login with a percent", { login: "bob%20" }, "login", /letters, digits/],
  ["User", "login over 250 characters", { login: long }, "login", /at most 250/],
  ["User", "forge id 0", { forgeId: 0 }, "forgeId", /positive|>0|greater/i],
  ["User", "negative forge id", { forgeId: -1 }, "forgeId", /positive|>0|greater/i],
  ["User", "admin as a string", { admin: "yes" }, "admin", /boolean/i],
  ["User", "email as a number", { email: 5 }, "email", /string/i],
  // Forges.
  ["Forge", "unknown type", { type: "svn" }, "type", /github|gitea|option/i],
  ["Forge", "type in the wrong case", { type: "GitHub" }, "type", /github|option/i],
  ["Forge", "url without scheme", { url: "git.example.com" }, "url", /URL/i],
  ["Forge", "ftp url", { url: "ftp://git.example.com" }, "url", /http/i],
  ["Forge", "empty url", { url: "" }, "url", /URL/i],
  ["Forge", "empty org name", { orgs: [""] }, "orgs[0]", /./],
  ["Forge", "skipVerify as a string", { skipVerify: "no" }, "skipVerify", /boolean/i],
  ["Forge", "additionalOptions as a string", { additionalOptions: "x" }, "additionalOptions", /object|record/i],
  ["Forge", "missing type", without("Forge", "type"), "type", /required|option/i, true],
];

describe("refused at check, with the field named, before any request", () => {
  it.each(checkCases)("%s: %s", async (kind, _what, args, property, reason, replace) => {
    const before = await emu.state();
    await emu.clearRequests();
    const result = await host.check(urn(kind), {}, news(kind, replace ? args : { ...base[kind], ...args }));
    expect(result.failures.length, JSON.stringify(result.failures)).toBeGreaterThan(0);
    const failure = result.failures.find((f) => f.property === property);
    expect(failure, `failures: ${JSON.stringify(result.failures)}`).toBeDefined();
    expect(failure!.reason).toMatch(reason);
    expect(failure!.reason).not.toMatch(/\[object Object\]|undefined/);
    expect(await emu.requests()).toEqual([]);
    expect(await emu.state()).toEqual(before);
  });

  it("covers every resource kind", () => {
    expect(new Set(checkCases.map(([kind]) => kind))).toEqual(new Set(kinds));
  });
});

/** Runs check then create as `pulumi up` does; returns the error message (the test fails if it succeeded). */
async function upFails(kind: string, args: Props, on: Host = host): Promise<string> {
  const checked = await on.check(urn(kind), {}, news(kind, args));
  expect(checked.failures).toEqual([]);
  const message = await on.create(urn(kind), checked.inputs!).then(() => undefined, messageOf);
  expect(message, "create succeeded").toBeDefined();
  expect(message).not.toMatch(/\[object Object\]|Cannot read|is not a function|TypeError/);
  return message!;
}

describe("refused by the server at up, with the object and the cause named, leaving nothing behind", () => {
  let repositoryId: number;
  let orgId: number;
  beforeEach(async () => {
    repositoryId = (await emu.client().post<any>("/repos?forge_remote_id=101", undefined)).id;
    orgId = (await emu.client().get<any>("/orgs/lookup/acme")).id;
  });

  const cases: [what: string, kind: string, args: () => Props, message: RegExp][] = [
    [
      "secret of a repository that does not exist",
      "RepositorySecret",
      () => ({ repositoryId: 999999, name: "n", value: "v", events: ["push"] }),
      /^repository secret "n" of repository 999999: it does not exist, or the token's user lacks/,
    ],
    [
      "registry of a repository that does not exist",
      "RepositoryRegistry",
      () => ({ repositoryId: 999999, address: "ghcr.io", username: "u", password: "p" }),
      /^registry "ghcr.io" of repository 999999: it does not exist/,
    ],
    [
      "cron on a branch the forge does not have",
      "RepositoryCron",
      () => ({ repositoryId, name: "n", schedule: "@daily", branch: "no-such-branch" }),
      /^cron "n" of repository \d+: .*branch not resolved/,
    ],
    [
      "org secret in an org that does not exist (org-id-0 trap)",
      "OrgSecret",
      () => ({ orgId: 999999, name: "n", value: "v", events: ["push"] }),
      /^org secret "n" of organization 999999: organization 999999 does not exist/,
    ],
    [
      "org registry in an org that does not exist",
      "OrgRegistry",
      () => ({ orgId: 999999, address: "ghcr.io", username: "u", password: "p" }),
      /organization 999999 does not exist/,
    ],
    ["org agent in an org that does not exist", "OrgAgent", () => ({ orgId: 999999, name: "runner" }), /organization 999999 does not exist/],
    ["repository the forge does not list", "Repository", () => ({ fullName: "acme/nope" }), /^repository "acme\/nope": the forge lists no such repository/],
    ["repository by an unknown forge id", "Repository", () => ({ forgeRemoteId: "999" }), /^repository "forge id 999": the forge lists no such repository/],
    ["org that does not exist", "Org", () => ({ name: "nobody-here" }), /^organization "nobody-here": no such organization/],
    [
      "secret that already exists",
      "RepositorySecret",
      () => ({ repositoryId, name: "taken", value: "v", events: ["push"] }),
      /^repository secret "taken" of repository \d+: it already exists.*adopt: true/,
    ],
  ];

  it.each(cases)("%s", async (what, kind, args, message) => {
    if (what.startsWith("secret that already exists"))
      await emu.client().post(`/repos/${repositoryId}/secrets`, { name: "taken", value: "x", events: ["push"] });
    const before = await emu.state();
    expect(await upFails(kind, args())).toMatch(message);
    expect(await emu.state()).toEqual(before);
    expect(orgId).toBeGreaterThan(0);
  });
});

describe("what the server accepts is not refused: the round trip works", () => {
  const secretNames = [
    "with/slash",
    "per%cent",
    "100%",
    "spa ce",
    "ünïcödé✓",
    "日本語",
    "line\nbreak",
    "tab\there",
    "?query&x=1#frag",
    "..",
    "a".repeat(1000),
    "MiXeD_Case",
  ];
  it.each(secretNames.map((name) => [JSON.stringify(name).slice(0, 40), name]))("secret named %s", async (_label, name) => {
    const repositoryId = (await emu.client().post<any>("/repos?forge_remote_id=101", undefined)).id;
    const checked = await host.check(urn("RepositorySecret"), {}, news("RepositorySecret", { repositoryId, name, value: "v", events: ["push"] }));
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn("RepositorySecret"), checked.inputs!);
    expect(created.props.name).toBe(name);
    const read = await host.read(urn("RepositorySecret"), created.id, created.props);
    expect(read.props.name).toBe(name);
    expect(read.props.secretId).toBe(created.props.secretId);
    await host.delete(urn("RepositorySecret"), created.id, created.props);
    expect(await emu.client().list(`/repos/${repositoryId}/secrets`)).toEqual([]);
  });

  it.each(["localhost:5000", "registry.example.com/team", "ghcr.io/acme/sub"])("registry address %s", async (address) => {
    const repositoryId = (await emu.client().post<any>("/repos?forge_remote_id=101", undefined)).id;
    const checked = await host.check(urn("RepositoryRegistry"), {}, news("RepositoryRegistry", { repositoryId, address, username: "u", password: "p" }));
    const created = await host.create(urn("RepositoryRegistry"), checked.inputs!);
    expect(created.props).toMatchObject({ address, username: "u" });
    expect(created.props.registryId).toBeGreaterThan(0);
    expect((await host.read(urn("RepositoryRegistry"), created.id, created.props)).props.address).toBe(address);
    await host.delete(urn("RepositoryRegistry"), created.id, created.props);
    expect(await emu.client().list(`/repos/${repositoryId}/registries`)).toEqual([]);
  });
});

describe("wrong server, wrong token: a clear error at the first request, nothing written", () => {
  let html: Server;
  let htmlUrl: string;
  beforeAll(async () => {
    // Answers everything with 200 text/html, like a web UI or a proxy's login page.
    html = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><html><body>Welcome</body></html>");
    });
    await new Promise<void>((resolve) => html.listen(0, "127.0.0.1", resolve));
    htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => html.close(() => resolve())));

  const secret = { name: "n", value: "v", events: ["push"] };
  const cases: [what: string, config: () => Props, message: RegExp][] = [
    [
      "a server that answers HTML",
      () => ({ "woodpecker:server": htmlUrl }),
      /^global secret "n": the answer was not JSON .*woodpecker:server is the server's root URL/,
    ],
    ["a server URL ending in /api", () => ({ "woodpecker:server": `${emu.url}/api` }), /woodpecker:server must be the server's root URL, not its API path/],
    ["a server URL that is not a URL", () => ({ "woodpecker:server": "ci.example.com" }), /woodpecker:server "ci.example.com" is not a URL/],
    [
      "a server nobody listens on",
      () => ({ "woodpecker:server": "http://127.0.0.1:1" }),
      /^global secret "n": no answer from the server; check woodpecker:server/,
    ],
    ["a garbage token", () => ({ "woodpecker:token": wrapSecret("not-a-token") }), /^global secret "n": the API token is missing, wrong or revoked/],
    ["no token", () => ({ "woodpecker:token": "" }), /^global secret "n": the API token is missing, wrong or revoked/],
    [
      "a token pasted with its Bearer scheme",
      () => ({ "woodpecker:token": wrapSecret(`Bearer ${emu.emulator.adminToken}`) }),
      /woodpecker:token starts with "Bearer ": set the token alone/,
    ],
    [
      "a token pasted with a line break",
      () => ({ "woodpecker:token": wrapSecret(`${emu.emulator.adminToken}\n`) }),
      /woodpecker:token has spaces or a line break around it: set the token without them/,
    ],
    [
      "a non-admin token for an admin-only object",
      () => ({ "woodpecker:token": wrapSecret(emu.emulator.userToken) }),
      /^global secret "n": this needs an instance admin token/,
    ],
  ];

  it.each(cases)("%s", async (_what, config, message) => {
    const before = await emu.state();
    const other = await startHost();
    try {
      await other.configure({ "woodpecker:server": emu.url, "woodpecker:token": wrapSecret(emu.emulator.adminToken), "woodpecker:retries": "0", ...config() });
      expect(await upFails("GlobalSecret", secret, other)).toMatch(message);
      expect(other.stderr()).not.toContain(emu.emulator.adminToken);
    } finally {
      await other.close();
    }
    expect(await emu.state()).toEqual(before);
  });

  it("a revoked token", async () => {
    const [bob] = (await emu.seed({ users: [{ login: "bob", admin: true }] })).users;
    const other = await startHost();
    try {
      await other.configure({ "woodpecker:server": emu.url, "woodpecker:token": wrapSecret(bob.token), "woodpecker:retries": "0" });
      // Bob rotates his token (DELETE /api/user/token), which revokes the one the stack has.
      await emu
        .client({ token: bob.token } as never)
        .delete("/user/token")
        .catch(() => undefined);
      const before = await emu.state();
      expect(await upFails("GlobalSecret", secret, other)).toMatch(/^global secret "n": the API token is missing, wrong or revoked.*HTTP 401/);
      expect(await emu.state()).toEqual(before);
    } finally {
      await other.close();
    }
  });
});
