import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { specs } from "../../provider/resources/index.js";
import { MINIMAL_ARGS } from "../support/minimal-args.js";
import { EmulatorFixture } from "../support/emulator.js";
import { declare, repoRoot, SECRET_SIG, startHost, stripSecrets, urnOf, wrapSecret } from "../support/host.js";
import { TestStack } from "../support/stack.js";

/** What the engine relies on, checked through the SDK's real dynamic-provider host. */

const kinds = Object.keys(specs) as (keyof typeof specs)[];
const minimalArgs: Record<string, object> = { ...MINIMAL_ARGS, Forge: { ...MINIMAL_ARGS.Forge, clientSecret: "s" } };

let emu: EmulatorFixture;
let stack: TestStack;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
  stack = await TestStack.start(emu);
});
afterAll(async () => {
  await stack.close();
  await emu.close();
});
beforeEach(() => emu.reset());

describe("what the SDK registers", () => {
  it("gives every kind its own type token, and the class knows it for policies", async () => {
    const sdk = createRequire(path.join(repoRoot, "package.json"))(path.join(repoRoot, "dist/sdk/index.js"));
    const declared = await declare((lib) => kinds.forEach((kind) => new lib[kind](`r-${kind}`, minimalArgs[kind])));
    for (const kind of kinds) {
      const found = declared.find((d) => d.name === `r-${kind}`)!;
      expect(found.type).toBe(`pulumi-nodejs:dynamic/woodpecker:${kind}`);
      expect(sdk[kind].__pulumiType).toBe(found.type);
    }
  });

  it("keeps every serialized __provider under 2 KB and free of configuration", async () => {
    const declared = await declare((lib) => kinds.forEach((kind) => new lib[kind](`r-${kind}`, minimalArgs[kind])));
    for (const { name, inputs } of declared) {
      expect(inputs.__provider.length, name).toBeLessThanOrEqual(2048);
      expect(inputs.__provider).toContain('require("pulumi-woodpecker/provider")');
      expect(inputs.__provider).not.toMatch(/token|server|127\.0\.0\.1/i);
    }
  });

  it("wraps secret inputs as secrets even when the program passes plain strings", async () => {
    const declared = await declare((lib) => kinds.forEach((kind) => new lib[kind](`r-${kind}`, minimalArgs[kind])));
    const secretKeys = declared.flatMap(({ inputs }) =>
      Object.entries(inputs)
        .filter(([, v]) => v && typeof v === "object" && SECRET_SIG in v)
        .map(([k]) => k),
    );
    expect(secretKeys.sort()).toEqual(["clientSecret", "password", "password", "password", "value", "value", "value"]);
  });

  it("asks the engine to keep secret outputs secret (agent tokens, write-only values)", async () => {
    const load = createRequire(path.join(repoRoot, "package.json"));
    const pulumi = load("@pulumi/pulumi");
    const requested: Record<string, string[]> = {};
    await pulumi.runtime.setMocks({ newResource: (a: any) => ({ id: "i", state: {} }), call: () => ({}) }, "p", "s", false);
    const monitor = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
      requested[req.getName()] = req.getAdditionalsecretoutputsList();
      return register(req, cb);
    };
    const lib = load(path.join(repoRoot, "dist/sdk/index.js"));
    kinds.forEach((kind) => new lib[kind](`r-${kind}`, minimalArgs[kind]));
    for (let i = 0; i < 100 && Object.keys(requested).length < kinds.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(requested["r-Agent"]).toEqual(["token"]);
    expect(requested["r-OrgAgent"]).toEqual(["token"]);
    expect(requested["r-RepositorySecret"]).toEqual(["value"]);
    expect(requested["r-GlobalRegistry"]).toEqual(["password"]);
    expect(requested["r-Forge"]?.sort()).toEqual(["additionalOptions", "clientSecret"]);
    expect(requested["r-Repository"]).toEqual([]);
  });
});

describe("the provider in the host", () => {
  it("keeps the token out of __provider, outputs and the host's logs", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api" });
    const secret = await stack.up("RepositorySecret", "s", { repositoryId: repo.outputs.repositoryId, name: "n", value: "v", events: ["push"] });
    const agent = await stack.up("Agent", "a", { name: "runner" });
    await expect(stack.up("GlobalSecret", "dup", { name: "n", value: "v", events: [] })).rejects.toThrow();
    const everything = JSON.stringify([repo, secret, agent, await stack.refresh(secret)]) + stack.host.stderr();
    expect(everything).not.toContain(stack.token);
    expect(agent.outputs.token).toMatch(/^[A-Z2-7]{52}={4}$/);
  });

  it("adding adopt to resources already in state is no change, and the rerun sends nothing", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api" });
    const secret = await stack.up("RepositorySecret", "s", { repositoryId: repo.outputs.repositoryId, name: "n", value: "v", events: ["push"] });
    const agent = await stack.up("Agent", "a", { name: "runner" });
    await emu.clearRequests();
    for (const [deployed, args] of [
      [repo, { fullName: "acme/api" }],
      [secret, { repositoryId: repo.outputs.repositoryId, name: "n", value: "v", events: ["push"] }],
      [agent, { name: "runner" }],
    ] as const) {
      expect((await stack.up(deployed.kind, deployed.name, { ...args, adopt: true }, deployed)).step, deployed.kind).toBe("same");
    }
    expect(await emu.requests()).toEqual([]);
  });

  it("diff ignores a changed __provider text", async () => {
    const created = await stack.up("Agent", "a", { name: "runner" });
    const inputs = await stack.check("Agent", "a", { name: "runner" });
    const diff = await stack.host.diff(created.urn, created.id, { ...created.outputs, __provider: "exports.handler = () => ({})" }, inputs);
    expect(diff.changes).toBe("NONE");
  });

  it("recovers when the server created the object but the answer was lost", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api" });
    await emu.faults([{ method: "POST", path: "/secrets$", drop: "after", count: 1 }]);
    const secret = await stack.up("RepositorySecret", "s", { repositoryId: repo.outputs.repositoryId, name: "lost", value: "v", events: ["push"] });
    expect(secret.outputs.secretId).toEqual(expect.any(Number));
    expect(await emu.client().list(`/repos/${repo.outputs.repositoryId}/secrets`)).toHaveLength(1);
  });

  it("takes the server and token from WOODPECKER_SERVER and WOODPECKER_TOKEN when stack config has none", async () => {
    const host = await startHost(undefined, { WOODPECKER_SERVER: emu.url, WOODPECKER_TOKEN: emu.emulator.adminToken });
    try {
      await host.configure({});
      const [agent] = await declare((lib) => new lib.Agent("env", { name: "from-env" }));
      const inputs = (await host.check(urnOf(agent!.type, "env"), {}, stripSecrets(agent!.inputs))).inputs!;
      const created = await host.create(urnOf(agent!.type, "env"), inputs);
      expect(created.props.name).toBe("from-env");
    } finally {
      await host.close();
    }
  });

  it("without a server: check still validates, create says how to configure", async () => {
    const host = await startHost();
    try {
      await host.configure({ "woodpecker:token": wrapSecret("t") });
      const [agent] = await declare((lib) => new lib.Agent("nocfg", { name: "x" }));
      const urn = urnOf(agent!.type, "nocfg");
      const { inputs, failures } = await host.check(urn, {}, stripSecrets(agent!.inputs));
      expect(failures).toEqual([]);
      await expect(host.create(urn, inputs!)).rejects.toThrow(/pulumi config set woodpecker:server/);
    } finally {
      await host.close();
    }
  });

  it("a server URL ending in /api is refused with the fix", async () => {
    const host = await startHost();
    try {
      await host.configure({ "woodpecker:server": `${emu.url}/api`, "woodpecker:token": wrapSecret("t") });
      const [agent] = await declare((lib) => new lib.Agent("api", { name: "x" }));
      const urn = urnOf(agent!.type, "api");
      const { inputs } = await host.check(urn, {}, stripSecrets(agent!.inputs));
      await expect(host.create(urn, inputs!)).rejects.toThrow(new RegExp(`use ${emu.url.replace(/[.:/]/g, "\\$&")}`));
    } finally {
      await host.close();
    }
  });
});
