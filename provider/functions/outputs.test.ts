import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getAgentsOutput,
  getCurrentUser,
  getCurrentUserOutput,
  getOrgAgentsOutput,
  getPipelineOutput,
  getPipelinesOutput,
  getRepositoryOutput,
} from "../../sdk/functions.js";
import { harness, valueOf, type Harness } from "../../test/support/functions.js";

/** Inputs each mocked resource was registered with, by name. */
const registered = new Map<string, Record<string, unknown>>();

let h: Harness;
let api: number;
let acme: number;

beforeAll(async () => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.set(args.name, args.inputs);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "functions-test",
    "dev",
    false,
  );
  h = await harness();
  api = await h.activate("101");
  const admin = h.admin();
  acme = (await admin.get<{ id: number }>("/orgs/lookup/acme")).id;
  await admin.post("/agents", { name: "global-runner" });
  await admin.post(`/orgs/${acme}/agents`, { name: "acme-runner" });
  await admin.close();
  await h.seed({
    pipelines: [
      { repoId: api, count: 3 },
      { repoId: api, event: "manual" },
      { repoId: api, branch: "develop" },
    ],
  });
  // Stack config, as `pulumi config set woodpecker:server …` and `--secret woodpecker:token …` give it.
  pulumi.runtime.setConfig("woodpecker:server", h.emu.url);
  pulumi.runtime.setConfig("woodpecker:token", h.emu.adminToken);
  // The environment points elsewhere: stack config must win.
  process.env.WOODPECKER_SERVER = "http://127.0.0.1:9";
  process.env.WOODPECKER_TOKEN = h.emu.userToken;
});
afterAll(() => h.close());

describe("Output variants in a program under mocks", () => {
  it("read woodpecker:server and woodpecker:token from stack config before the environment", async () => {
    expect(await valueOf(getCurrentUserOutput())).toMatchObject({ login: "admin", admin: true });
    expect(await getCurrentUser()).toMatchObject({ login: "admin" });
  });

  it("take Inputs (Outputs of other resources) and resolve to the result", async () => {
    class Repo extends pulumi.CustomResource {
      declare readonly repoId: pulumi.Output<number>;
      constructor(name: string) {
        super("test:index:Repo", name, { repoId: api });
      }
    }
    const repo = new Repo("repo");
    const pipelines = getPipelinesOutput({ repositoryId: repo.repoId, event: pulumi.output(["push"]), limit: pulumi.output(2) });
    const result = await valueOf(pipelines);
    expect(result.repositoryId).toBe(api);
    expect(result.pipelines.map((p) => [p.number, p.event])).toEqual([
      [5, "push"],
      [3, "push"],
    ]);
    // Lifted property access works as on any Output.
    expect(await valueOf(pipelines.pipelines.apply((list) => list.length))).toBe(2);

    const latest = getPipelineOutput({ fullName: pulumi.output("acme/api"), latest: true });
    expect(await valueOf(latest.number)).toBe(3); // 4 is manual, 5 is on develop

    // A resource in the same program consumes a function result.
    class Report extends pulumi.CustomResource {
      constructor(name: string, props: pulumi.Inputs) {
        super("test:index:Report", name, props);
      }
    }
    new Report("report", { lastStatus: latest.status, defaultBranch: getRepositoryOutput({ id: repo.repoId }).defaultBranch });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect.poll(() => registered.get("report")).toEqual({ lastStatus: "success", defaultBranch: "main" });
  });

  it("keep agent tokens secret (each token a secret Output), in the Output variant too", async () => {
    const agents = getAgentsOutput();
    const { agents: list } = await valueOf(agents);
    expect(list.map((a) => a.name)).toEqual(["global-runner", "acme-runner"]);
    for (const agent of list) {
      expect(pulumi.Output.isInstance(agent.token)).toBe(true);
      expect(await pulumi.isSecret(agent.token)).toBe(true);
      expect(await valueOf(agent.token)).toMatch(/^[A-Z2-7]+=*$/);
    }
    // Pulled out through apply, the token is still secret, and so is everything built from it.
    const first = agents.apply((r) => r.agents[0]!.token);
    expect(await pulumi.isSecret(first)).toBe(true);
    const orgTokens = getOrgAgentsOutput({ orgName: "acme" }).apply((r) => pulumi.all(r.agents.map((a) => a.token)));
    expect(await pulumi.isSecret(orgTokens)).toBe(true);
    // The list itself (names, ids) is not secret.
    expect(await pulumi.isSecret(agents.apply((r) => r.agents.map((a) => a.name)))).toBe(false);
  });

  it("make the result secret when an argument is secret, and reject with the argument named", async () => {
    const result = getRepositoryOutput({ fullName: pulumi.secret("acme/api") });
    expect(await pulumi.isSecret(result)).toBe(true);
    expect(await valueOf(result.id)).toBe(api);
    const bad = getPipelinesOutput({ repositoryId: pulumi.output(api), status: pulumi.output("green" as "success") });
    // An Output keeps three promises (value, known, secret); a failed call rejects them all.
    const internals = bad as unknown as { promise(): Promise<unknown>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
    internals.isKnown.catch(() => undefined);
    internals.isSecret.catch(() => undefined);
    await expect(internals.promise()).rejects.toThrow(/^getPipelines: argument status: unknown status "green"/);
  });
});
