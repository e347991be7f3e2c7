import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorFixture } from "../support/emulator.js";
import { stripSecrets, wrapSecret, type Props } from "../support/host.js";
import { messageOf, startPlugin, type Plugin } from "../support/plugin.js";
import { PROXY_404, startFrontProxy, type FrontAnswer, type FrontProxy } from "../support/proxy.js";
import { TestStack, type Deployed } from "../support/stack.js";

/**
 * "Gone" must be proven: a 404 empties a resource from the state only when it is the Woodpecker
 * API's own and the object's scope still answers (provider/engine/engine.ts, proveGone). Here a
 * reverse proxy sits in front of the emulator as Traefik does; once it answers by itself (a 404
 * text/plain while the server restarts, or 502/503), refresh and destroy of every kind fail with a
 * message naming the request and what answered, and neither the state nor the server changes.
 */

/** One object of every kind; `deleteOnDestroy` so that destroy of Org and User sends a request too. */
function everyKind(ids: { repositoryId: number; orgId: number }): [string, string, Props][] {
  return [
    ["RepositorySecret", "secret", { repositoryId: ids.repositoryId, name: "deploy_token", value: "v", events: ["push"] }],
    ["RepositoryRegistry", "registry", { repositoryId: ids.repositoryId, address: "ghcr.io", username: "u", password: "p" }],
    ["RepositoryCron", "cron", { repositoryId: ids.repositoryId, name: "nightly", schedule: "@daily" }],
    ["OrgSecret", "org-secret", { orgId: ids.orgId, name: "npm_token", value: "v", events: ["push"] }],
    ["OrgRegistry", "org-registry", { orgId: ids.orgId, address: "docker.io", username: "u", password: "p" }],
    ["OrgAgent", "org-agent", { orgId: ids.orgId, name: "org-runner" }],
    ["GlobalSecret", "global-secret", { name: "sonar_token", value: "v", events: ["push"] }],
    ["GlobalRegistry", "global-registry", { address: "quay.io", username: "u", password: "p" }],
    ["Agent", "agent", { name: "runner" }],
    ["User", "user", { login: "bob", deleteOnDestroy: true }],
    ["Forge", "forge", { type: "gitea", url: "https://git.example.com" }],
  ];
}

const FAULTS: [string, FrontAnswer, RegExp][] = [
  [
    "a proxy's 404 text/plain",
    PROXY_404,
    /did not come from the Woodpecker API \(text\/plain; charset=utf-8, no X-Woodpecker-Version header\).*HTTP 404.*"404 page not found"/s,
  ],
  ["a proxy's 502", { status: 502, contentType: "text/plain; charset=utf-8", body: "Bad Gateway" }, /HTTP 502/],
  ["a proxy's 503", { status: 503, contentType: "text/plain; charset=utf-8", body: "no available server" }, /HTTP 503/],
];

/** Each test starts provider processes and runs 26 steps: generous on a loaded machine. */
const SLOW = 180_000;

let emu: EmulatorFixture;
let front: FrontProxy;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
  front = await startFrontProxy(emu.url);
});
afterAll(async () => {
  await front?.close();
  await emu?.close();
});
beforeEach(async () => {
  front.answer(undefined);
  await emu.reset();
});

/** Every request path the failed step sent must appear in its message, and the server saw none of them. */
async function expectUnchanged(before: unknown, report: string[]) {
  expect(await emu.requests()).toEqual([]);
  expect(await emu.state()).toEqual(before);
  report.push(
    `server: ${Object.values(before as Record<string, unknown[]>)
      .filter(Array.isArray)
      .reduce((n, list) => n + list.length, 0)} objects before and after`,
  );
}

describe("the dynamic provider behind a proxy that answers by itself", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start(emu, "admin", { config: { "woodpecker:server": front.url, "woodpecker:retries": "1" } });
  });
  afterAll(() => stack?.close());

  for (const [what, answer, message] of FAULTS) {
    it(
      `refresh and destroy of every kind fail on ${what}, and nothing leaves the state or the server`,
      async () => {
        const repo = await stack.up("Repository", "repo", { fullName: "acme/api" });
        const org = await stack.up("Org", "org", { name: "acme", deleteOnDestroy: true });
        const deployed: Deployed[] = [repo, org];
        for (const [kind, name, args] of everyKind({ repositoryId: Number(repo.outputs.repositoryId), orgId: Number(org.outputs.orgId) })) {
          deployed.push(await stack.up(kind, name, args));
        }
        expect(new Set(deployed.map((d) => d.kind)).size).toBe(13);
        const before = await emu.state();
        await emu.clearRequests();
        front.answer(answer);
        const report: string[] = [];
        for (const resource of deployed) {
          await expect(stack.refresh(resource), `refresh ${resource.kind}`).rejects.toThrow(message);
          await expect(stack.destroy(resource), `destroy ${resource.kind}`).rejects.toThrow(message);
        }
        report.push(`${what}: ${front.seen.length} requests to the proxy for 13 refreshes and 13 destroys`);
        // Each request named in the failure is one the proxy answered.
        expect(front.seen.every((line) => line.includes("/api/"))).toBe(true);
        await expectUnchanged(before, report);
        console.log(report.join("; "));
      },
      SLOW,
    );
  }

  it("once the proxy forwards again, refresh finds every object", async () => {
    const repo = await stack.up("Repository", "repo", { fullName: "acme/api" });
    const secret = await stack.up("RepositorySecret", "secret", {
      repositoryId: repo.outputs.repositoryId,
      name: "deploy_token",
      value: "v",
      events: ["push"],
    });
    front.answer(PROXY_404);
    await expect(stack.refresh(secret)).rejects.toThrow(/GET \/api\/repos\/\d+\/secrets\/deploy_token/);
    front.answer(undefined);
    expect((await stack.refresh(secret))?.id).toBe(secret.id);
  });
});

describe("the provider plugin behind a proxy that answers by itself", () => {
  let plugin: Plugin;
  beforeAll(async () => {
    plugin = await startPlugin();
    await plugin.configure({ args: { server: front.url, token: wrapSecret(emu.emulator.adminToken), retries: "1" } });
  });
  afterAll(() => plugin?.close());

  const up = async (kind: string, args: Props) => {
    const { inputs, failures } = await plugin.check(kind, {}, args);
    expect(failures).toEqual([]);
    const created = await plugin.create(kind, inputs);
    return { kind, id: created.id, props: stripSecrets(created.props) };
  };

  for (const [what, answer, message] of FAULTS) {
    it(
      `refresh and destroy of every kind fail on ${what}, and nothing leaves the state or the server`,
      async () => {
        const repo = await up("Repository", { fullName: "acme/api" });
        const org = await up("Org", { name: "acme", deleteOnDestroy: true });
        const deployed = [repo, org];
        for (const [kind, , args] of everyKind({ repositoryId: Number(repo.props.repositoryId), orgId: Number(org.props.orgId) }))
          deployed.push(await up(kind, args));
        const before = await emu.state();
        await emu.clearRequests();
        front.answer(answer);
        const report: string[] = [];
        for (const resource of deployed) {
          const refreshed = plugin.read(resource.kind, resource.id, resource.props, resource.props).then(
            (answer) => `answered ${JSON.stringify(answer.id)}`,
            (error) => messageOf(error),
          );
          expect(await refreshed, `refresh ${resource.kind}`).toMatch(message);
          const destroyed = plugin.delete(resource.kind, resource.id, resource.props).then(
            () => "deleted",
            (error) => messageOf(error),
          );
          expect(await destroyed, `destroy ${resource.kind}`).toMatch(message);
        }
        report.push(`plugin, ${what}: ${front.seen.length} requests to the proxy for 13 refreshes and 13 destroys`);
        await expectUnchanged(before, report);
        console.log(report.join("; "));
      },
      SLOW,
    );
  }
});

describe("a token that lost its rights", () => {
  it(
    "refresh and destroy of a repository's objects fail instead of dropping them: the server answers 404 for the objects and for the repository",
    async () => {
      const admin = await TestStack.start(emu, "admin");
      const user = await TestStack.start(emu, "user"); // alice: no access to the private acme/infra
      try {
        const repo = await admin.up("Repository", "repo", { fullName: "acme/infra" });
        const repositoryId = Number(repo.outputs.repositoryId);
        const secret = await admin.up("RepositorySecret", "secret", { repositoryId, name: "deploy_token", value: "v", events: ["push"] });
        const cron = await admin.up("RepositoryCron", "cron", { repositoryId, name: "nightly", schedule: "@daily" });
        const before = await emu.state();
        await emu.clearRequests();
        for (const resource of [secret, cron]) {
          await expect(user.refresh(resource)).rejects.toThrow(
            new RegExp(`does not prove the object is gone: its scope GET /api/repos/${repositoryId}/(secrets|cron) answered HTTP 404.*lost its rights`, "s"),
          );
          await expect(user.destroy(resource)).rejects.toThrow(/does not prove the object is gone/);
        }
        // The repository itself: 404 to the user, and the list of repositories needs an admin (403).
        await expect(user.refresh(repo)).rejects.toThrow(/its scope GET \/api\/repos answered HTTP 403 "User not authorized"/);
        const sent = await emu.requests();
        expect(sent.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
          `DELETE /api/repos/${repositoryId}/secrets/deploy_token 404`,
          `DELETE /api/repos/${repositoryId}/cron/${cron.outputs.cronId} 404`,
        ]);
        // The server records the user's permission sync (a `perms` row, as SetPerm does); objects are unchanged.
        const objects = ({ perms: _, ...rest }: Record<string, unknown>) => rest;
        expect(objects(await emu.state())).toEqual(objects(before));
        // The admin still reads them: nothing was lost.
        expect((await admin.refresh(secret))?.id).toBe(secret.id);
        expect((await admin.refresh(cron))?.id).toBe(cron.id);
      } finally {
        await admin.close();
        await user.close();
      }
    },
    SLOW,
  );

  it(
    "an object really deleted is still dropped: the server's 404, and its scope answers",
    async () => {
      const admin = await TestStack.start(emu, "admin");
      try {
        const repo = await admin.up("Repository", "repo", { fullName: "acme/api" });
        const secret = await admin.up("RepositorySecret", "secret", {
          repositoryId: repo.outputs.repositoryId,
          name: "deploy_token",
          value: "v",
          events: ["push"],
        });
        await emu.client().delete(`/repos/${repo.outputs.repositoryId}/secrets/deploy_token`);
        await emu.clearRequests();
        expect(await admin.refresh(secret)).toBeUndefined();
        expect((await emu.requests()).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
          `GET /api/repos/${repo.outputs.repositoryId}/secrets/deploy_token 404`,
          `GET /api/repos/${repo.outputs.repositoryId}/secrets 200`,
        ]);
        await admin.destroy(secret);
      } finally {
        await admin.close();
      }
    },
    SLOW,
  );
});
