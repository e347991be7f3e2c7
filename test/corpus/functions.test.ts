import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WoodpeckerClient } from "../../provider/client/client.js";
import { FunctionArgumentError, functionFor, functions, invoke } from "../../provider/functions/index.js";
import { EmulatorFixture } from "../support/emulator.js";

/**
 * Bad-input corpus for the data-source functions: wrong arguments are refused before any request
 * with the argument's path named; what only the server can know (missing objects, wrong server,
 * bad token) fails with an error naming the object. Functions only read: the server state must
 * not change either way.
 */

let emu: EmulatorFixture;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

type Case = [fn: string, what: string, args: unknown, property: string, reason: RegExp];
const cases: Case[] = [
  ["getRepository", "neither fullName nor id", {}, "fullName", /./],
  ["getRepository", "both fullName and id", { fullName: "acme/api", id: 1 }, "", /fullName|id/],
  ["getRepository", "negative id", { id: -1 }, "id", /./],
  ["getRepository", "id as a string", { id: "1" }, "id", /number/i],
  ["getRepository", "full name without owner", { fullName: "api" }, "fullName", /owner\/name/],
  ["getRepository", "misspelt argument", { ful_name: "acme/api" }, "", /unknown argument "ful_name"/],
  ["getOrg", "empty name", { name: "" }, "name", /must not be empty/],
  ["getOrg", "id 0", { id: 0 }, "id", /./],
  ["getUser", "missing login", {}, "login", /./],
  ["getUser", "blank login", { login: "  " }, "login", /must not be empty/],
  ["getUser", "forge id 0", { login: "bob", forgeId: 0 }, "forgeId", /./],
  ["getCurrentUser", "an argument it does not take", { login: "bob" }, "", /takes no arguments/],
  ["getServerVersion", "an argument it does not take", { verbose: true }, "", /takes no arguments/],
  ["getPipelines", "unknown event", { repositoryId: 1, event: "merge" }, "event", /unknown event "merge"/],
  ["getPipelines", "unknown event in a list", { repositoryId: 1, event: ["push", "pushed"] }, "event[1]", /unknown event "pushed"/],
  ["getPipelines", "empty event list", { repositoryId: 1, event: [] }, "event", /at least one event/],
  ["getPipelines", "unknown status", { repositoryId: 1, status: "green" }, "status", /unknown status "green"/],
  ["getPipelines", "time without zone", { repositoryId: 1, before: "2024-05-01 00:00" }, "before", /RFC 3339/],
  ["getPipelines", "limit 0", { repositoryId: 1, limit: 0 }, "limit", /at least 1/],
  ["getPipelines", "fractional limit", { repositoryId: 1, limit: 2.5 }, "limit", /int/i],
  ["getPipelines", "empty branch", { repositoryId: 1, branch: "" }, "branch", /must not be empty/],
  ["getPipelines", "empty ref", { repositoryId: 1, ref: "" }, "ref", /must not be empty/],
  ["getPipeline", "neither number nor latest", { repositoryId: 1 }, "number", /./],
  ["getPipeline", "number 0", { repositoryId: 1, number: 0 }, "number", /at least 1/],
  ["getPipeline", "latest false", { repositoryId: 1, latest: false }, "latest", /latest must be true/],
  ["getPipeline", "branch without latest", { repositoryId: 1, number: 3, branch: "main" }, "branch", /only with latest/],
  ["getRepositorySecrets", "no repository", {}, "repositoryId", /./],
  ["getRepositoryCrons", "repository id as a string", { repositoryId: "7" }, "repositoryId", /number/i],
  ["getOrgSecrets", "no org", {}, "orgId", /./],
  ["getOrgRegistries", "negative org id", { orgId: -2 }, "orgId", /./],
  ["getOrgAgents", "both org id and name", { orgId: 1, orgName: "acme" }, "", /orgId|orgName/],
  ["getGlobalSecrets", "an argument it does not take", { orgId: 1 }, "", /takes no arguments/],
];

describe("function arguments refused before any request, the argument named", () => {
  it.each(cases)("%s: %s", async (fn, _what, args, property, reason) => {
    await emu.clearRequests();
    const error = await invoke(functionFor(fn), args, emu.client()).then(
      () => undefined,
      (e) => e,
    );
    expect(error).toBeInstanceOf(FunctionArgumentError);
    const problems = (error as FunctionArgumentError).problems;
    const problem = problems.find((p) => p.property === property) ?? (property === "" ? problems[0] : undefined);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(`${problem!.property} ${problem!.reason}`).toMatch(reason);
    expect((error as Error).message).toMatch(new RegExp(`^${fn}: `));
    expect(await emu.requests()).toEqual([]);
  });

  it("cover every function with arguments", () => {
    const withArgs = Object.keys(functions).filter((name) => Object.keys(functionFor(name).args).length > 0);
    const covered = new Set(cases.map(([fn]) => fn));
    expect(withArgs.filter((name) => !covered.has(name))).toEqual(["getRepositoryRegistries"]);
  });
});

describe("function calls the server refuses: the object named, nothing changed", () => {
  let html: Server;
  let htmlUrl: string;
  beforeAll(async () => {
    html = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>login</html>");
    });
    await new Promise<void>((resolve) => html.listen(0, "127.0.0.1", resolve));
    htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => html.close(() => resolve())));

  const runtime: [what: string, fn: string, args: unknown, client: () => WoodpeckerClient, message: RegExp][] = [
    ["missing repository", "getRepository", { fullName: "acme/nope" }, () => emu.client(), /acme\/nope/],
    ["missing org by id (not the server's empty org 0)", "getOrg", { id: 999999 }, () => emu.client(), /^organization 999999: /],
    ["missing user", "getUser", { login: "nobody" }, () => emu.client(), /^user "nobody": /],
    ["secrets of a missing org", "getOrgSecrets", { orgId: 999999 }, () => emu.client(), /organization 999999/],
    ["pipelines of a missing repository", "getPipelines", { repositoryId: 999999 }, () => emu.client(), /repository 999999/],
    ["an HTML-answering server", "getCurrentUser", {}, () => new WoodpeckerClient({ server: htmlUrl, token: "t", retries: 0 }), /the answer was not JSON/],
    [
      "a garbage token",
      "getCurrentUser",
      {},
      () => new WoodpeckerClient({ server: emu.url, token: "garbage", retries: 0 }),
      /token is missing, wrong or revoked/,
    ],
    ["a non-admin token for an admin list", "getUsers", {}, () => emu.client({ as: "user" }), /instance admin/],
  ];

  it.each(runtime)("%s", async (_what, fn, args, client, message) => {
    const before = await emu.state();
    const error = await invoke(functionFor(fn), args, client()).then(
      () => undefined,
      (e) => e,
    );
    expect(error, "the call succeeded").toBeDefined();
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/\[object Object\]|Cannot read|is not a function/);
    expect(await emu.state()).toEqual(before);
  });
});
