import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WoodpeckerClient } from "../../provider/client/client.js";
import { CONFIG_VARIABLES } from "../../provider/config.js";
import { pluginTypeToken, type ResourceSpec } from "../../provider/engine/spec.js";
import { functionFor, functions, invoke } from "../../provider/functions/index.js";
import { harness, valueOf, type Harness } from "../../test/support/functions.js";
import { specs } from "../../provider/resources/index.js";
import { MINIMAL_ARGS } from "../../test/support/minimal-args.js";
import * as plugin from "./index.js";

/**
 * The plugin face's classes in a program under Pulumi's mocks: what they send to the engine
 * (type tokens, inputs with secrets, resource options, invoke tokens and arguments). The mocks'
 * call handler plays the plugin's part for invokes: it runs the function against the emulator over
 * HTTP and answers with the result (secret fields as secrets), as pulumi-resource-woodpecker does.
 */

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const isRpcSecret = (value: unknown) => typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG] === SECRET;
const { version: PACKAGE_VERSION } = require("../../package.json") as { version: string };

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider: string;
  version: string;
  additionalSecretOutputs: string[];
  replaceOnChanges: string[];
  /** The ID of a read (`get`), as the mocks see it. */
  id?: string;
}
interface Call {
  token: string;
  inputs: Record<string, unknown>;
  provider: string;
  version: string;
}

const registrations = new Map<string, Registration>();
const calls: Call[] = [];
/** What the plugin would answer instead of running the function (for the malformed-answer case). */
let answerOverride: Record<string, unknown> | undefined;

let h: Harness;
let client: WoodpeckerClient;
let api: number;
let acme: number;

beforeAll(async () => {
  h = await harness();
  api = await h.activate("101");
  const admin = h.admin();
  acme = (await admin.get<{ id: number }>("/orgs/lookup/acme")).id;
  await admin.post("/agents", { name: "global-runner" });
  await admin.post(`/orgs/${acme}/agents`, { name: "acme-runner" });
  await admin.post(`/repos/${api}/secrets`, { name: "deploy", value: "s3cret", events: ["push"] });
  await admin.post(`/repos/${api}/cron`, { name: "nightly", schedule: "@daily", branch: "main" });
  await admin.close();
  await h.seed({ pipelines: [{ repoId: api, count: 2 }] });
  client = new WoodpeckerClient({ server: h.emu.url, token: h.emu.adminToken, retries: 0 });

  const pending = new Map<string, Partial<Registration>>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registrations.set(args.name, {
          ...pending.get(args.name),
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          provider: args.provider ?? "",
          id: args.id,
        } as Registration);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...fakeOutputs(args.type) } };
      },
      call: async (args) => {
        if (answerOverride) return answerOverride;
        const name = args.token.replace(/^woodpecker:index:/, "");
        return invoke(functionFor(name), args.inputs, client) as Promise<Record<string, unknown>>;
      },
    },
    "plugin-test",
    "dev",
    false,
  );
  // The mock monitor's handlers hide the request's options; read them from the request itself.
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, (req: any, cb: unknown) => unknown>;
  const { registerResource, invoke: invokeRpc } = monitor;
  monitor.registerResource = function (req, cb) {
    pending.set(req.getName(), {
      version: req.getVersion(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      replaceOnChanges: req.getReplaceonchangesList(),
    });
    return registerResource!.call(this, req, cb);
  };
  monitor.invoke = function (req, cb) {
    const inputs = req.getArgs().toJavaScript();
    calls.push({ token: req.getTok(), inputs, provider: req.getProvider(), version: req.getVersion() });
    return invokeRpc!.call(this, req, cb);
  };
});
afterAll(async () => {
  await client?.close();
  await h?.close();
});

/** A value for each computed output, as the plugin would return after a create. */
function fakeOutputs(type: string): Record<string, unknown> {
  const kind = type.replace(/^woodpecker:index:/, "");
  const spec = (specs as unknown as Record<string, ResourceSpec>)[kind];
  if (!spec) return {};
  return Object.fromEntries(Object.keys(spec.outputs).map((key) => [key, key === "token" ? "agent-token" : /Id$|^id$/.test(key) ? 7 : `${key}-value`]));
}

/** Waits until the mocks saw the registration of `name`. */
async function registered(name: string): Promise<Registration> {
  await expect.poll(() => registrations.get(name)?.version, { timeout: 5000 }).toBeDefined();
  return registrations.get(name)!;
}

/** The value with every nested Output resolved, and whether any of them was secret. */
async function resolved(value: unknown): Promise<{ value: unknown; secret: boolean }> {
  let secret = false;
  const walk = async (v: unknown): Promise<unknown> => {
    if (pulumi.Output.isInstance(v)) {
      secret ||= await pulumi.isSecret(v);
      return walk(await valueOf(v));
    }
    if (Array.isArray(v)) return Promise.all(v.map(walk));
    if (v && typeof v === "object") return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await walk(x)])));
    return v;
  };
  return { value: await walk(value), secret };
}

const kinds = Object.keys(specs) as (keyof typeof specs)[];
const classes = plugin as unknown as Record<
  string,
  new (name: string, args: unknown, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource & Record<string, pulumi.Output<unknown>>
>;

describe("plugin resources", () => {
  it.each(kinds)("%s registers as woodpecker:index:<Kind> with its inputs, secrets and this package's version", async (kind) => {
    const spec = specs[kind] as unknown as ResourceSpec;
    const name = `min-${kind}`;
    const resource = new classes[kind]!(name, MINIMAL_ARGS[kind]);
    const reg = await registered(name);
    expect(reg.type).toBe(`woodpecker:index:${kind}`);
    expect(reg.version).toBe(PACKAGE_VERSION);

    const secretInputs = Object.keys(spec.inputs).filter((key) => spec.inputs[key]!.secret);
    for (const [key, value] of Object.entries(MINIMAL_ARGS[kind]!)) {
      expect(reg.inputs[key], `${kind}.${key}`).toEqual(secretInputs.includes(key) ? { [SIG]: SECRET, value } : value);
    }
    const secretFields = [...secretInputs, ...Object.keys(spec.outputs).filter((key) => spec.outputs[key]!.secret)];
    expect(reg.additionalSecretOutputs.sort()).toEqual(secretFields.sort());
    expect(reg.replaceOnChanges.sort()).toEqual(
      Object.keys(spec.inputs)
        .filter((key) => spec.inputs[key]!.replace)
        .sort(),
    );
    expect(reg.provider).toBe("");

    // Every input and output is an Output property, resolved from the state the provider returned.
    for (const key of [...Object.keys(spec.inputs), ...Object.keys(spec.outputs)]) {
      expect(pulumi.Output.isInstance(resource[key]), `${kind}.${key}`).toBe(true);
    }
    for (const [key, value] of Object.entries(fakeOutputs(pluginTypeToken(kind)))) expect(await valueOf(resource[key]!), `${kind}.${key}`).toEqual(value);
    expect(await valueOf(resource.id)).toBe(`${name}-id`);
  });

  it("wraps secret inputs even when given as plain strings, and keeps given secrets secret", async () => {
    const secret = new plugin.RepositorySecret("typed", { repositoryId: 1, name: "deploy", value: "plain-text", events: ["push"] });
    const registry = new plugin.OrgRegistry("registry", { orgId: 2, address: "ghcr.io", username: "bot", password: pulumi.secret("pw") });
    expect((await registered("typed")).inputs.value).toEqual({ [SIG]: SECRET, value: "plain-text" });
    expect((await registered("registry")).inputs.password).toEqual({ [SIG]: SECRET, value: "pw" });
    expect(await pulumi.isSecret(secret.value)).toBe(true);
    // Typed outputs: these assignments are checked by the compiler.
    const repositoryId: pulumi.Output<number> = secret.repositoryId;
    const events: pulumi.Output<string[]> = secret.events;
    const orgId: pulumi.Output<number> = registry.orgId;
    expect(await valueOf(repositoryId)).toBe(1);
    expect(await valueOf(events)).toEqual(["push"]);
    expect(await valueOf(orgId)).toBe(2);
  });

  it("keeps a version given in the options and adds the class's options to the program's", async () => {
    new plugin.GlobalSecret("pinned", { name: "n", value: "v", events: ["push"] }, { version: "9.9.9", additionalSecretOutputs: ["note"] });
    const reg = await registered("pinned");
    expect(reg.version).toBe("9.9.9");
    expect(reg.additionalSecretOutputs.sort()).toEqual(["note", "value"]);
  });

  it("isInstance tells the kinds apart; get reads an existing resource by ID", async () => {
    const agent = new plugin.Agent("agent", { name: "runner" });
    expect(plugin.Agent.isInstance(agent)).toBe(true);
    expect(plugin.OrgAgent.isInstance(agent)).toBe(false);
    const existing = plugin.RepositoryCron.get("existing-cron", "7/3");
    expect(await valueOf(existing.id)).toBe("7/3");
    expect(await valueOf(existing.cronId)).toBe(7);
    expect(registrations.get("existing-cron")).toMatchObject({ type: "woodpecker:index:RepositoryCron", id: "7/3" });
  });
});

describe("explicit Provider", () => {
  it("is a woodpecker provider whose token is a secret and whose numbers are sent as the engine sends config", async () => {
    const provider = new plugin.Provider("second", { server: "https://ci.example.com", token: "tok-123", timeoutSeconds: 5, retries: pulumi.output(2) });
    const reg = await registered("second");
    expect(reg.type).toBe("pulumi:providers:woodpecker");
    expect(reg.version).toBe(PACKAGE_VERSION);
    expect(reg.inputs).toEqual({ server: "https://ci.example.com", token: { [SIG]: SECRET, value: "tok-123" }, timeoutSeconds: "5", retries: "2" });
    expect(reg.additionalSecretOutputs).toEqual(["token", "proxy"]);
    expect(plugin.Provider.isInstance(provider)).toBe(true);
    expect(plugin.Provider.isInstance(new plugin.User("not-a-provider", { login: "bob" }))).toBe(false);

    // Its `provider` option reaches the resources and the invokes that name it.
    const secret = new plugin.OrgSecret("via-second", { orgId: 1, name: "n", value: "v", events: ["push"] }, { provider });
    expect((await registered("via-second")).provider).toBe(`urn:pulumi:dev::plugin-test::pulumi:providers:woodpecker::second::second-id`);
    expect(await valueOf(secret.id)).toBe("via-second-id");
    await plugin.getServerVersion({}, { provider });
    expect(calls.at(-1)).toMatchObject({
      token: "woodpecker:index:getServerVersion",
      provider: "urn:pulumi:dev::plugin-test::pulumi:providers:woodpecker::second::second-id",
    });
  });

  it("takes exactly the config keys as its arguments", () => {
    const args: Required<plugin.ProviderArgs> = {
      server: "s",
      token: "t",
      timeoutSeconds: 1,
      retries: 2,
      maxConcurrency: 3,
      caCert: "pem",
      skipVerify: false,
      proxy: "http://proxy:3128",
    };
    expect(Object.keys(args)).toEqual(Object.keys(CONFIG_VARIABLES));
  });
});

describe("plugin functions", () => {
  const argsOf = (): Record<keyof typeof functions, Record<string, unknown>> => ({
    getPipelines: { repositoryId: api, limit: 1 },
    getPipeline: { fullName: "acme/api", latest: true },
    getRepository: { fullName: "acme/api" },
    getOrg: { name: "acme" },
    getUser: { login: "alice" },
    getCurrentUser: {},
    getServerVersion: {},
    getRepositorySecrets: { repositoryId: api },
    getRepositoryRegistries: { fullName: "acme/api" },
    getRepositoryCrons: { repositoryId: api },
    getOrgSecrets: { orgId: acme },
    getOrgRegistries: { orgName: "acme" },
    getOrgAgents: { orgName: "acme" },
    getGlobalSecrets: {},
    getGlobalRegistries: {},
    getAgents: {},
    getForges: {},
    getUsers: {},
    getOrgs: {},
  });
  const fns = plugin as unknown as Record<string, (args?: unknown, opts?: pulumi.InvokeOptions) => Promise<unknown> & pulumi.Output<unknown>>;

  it.each(Object.keys(functions))(
    "%s (and its Output variant) invoke woodpecker:index:<name> with their arguments and return the function's result",
    async (name) => {
      const args = argsOf()[name as keyof typeof functions];
      const expected = await resolved(await invoke(functionFor(name), args, client));

      calls.length = 0;
      const viaPromise = await resolved(await fns[name]!(args));
      expect(calls).toEqual([{ token: `woodpecker:index:${name}`, inputs: args, provider: "", version: PACKAGE_VERSION }]);
      expect(viaPromise).toEqual(expected);

      calls.length = 0;
      // Each argument an Input, as programs pass Outputs of other resources.
      const output = fns[`${name}Output`]!(Object.fromEntries(Object.entries(args).map(([key, value]) => [key, pulumi.output(value)])));
      const viaOutput = await resolved(await valueOf(output));
      expect(calls).toEqual([{ token: `woodpecker:index:${name}`, inputs: args, provider: "", version: PACKAGE_VERSION }]);
      expect(viaOutput.value).toEqual(expected.value);
      // A secret field makes the Output secret as a whole (the engine's rule for invokes).
      expect(await pulumi.isSecret(output)).toBe(expected.secret);
    },
  );

  it("give secret fields back as secret Outputs, typed as the dynamic face's results", async () => {
    const { agents } = await plugin.getAgents();
    expect(agents.map((agent) => agent.name)).toEqual(["global-runner", "acme-runner"]);
    for (const agent of agents) {
      const token: pulumi.Output<string> = agent.token;
      expect(await pulumi.isSecret(token)).toBe(true);
      expect(await valueOf(token)).toMatch(/^[A-Z2-7]+=*$/);
    }
    const pipelines = plugin.getPipelinesOutput({ repositoryId: pulumi.output(api), limit: 2 });
    const numbers: pulumi.Output<number[]> = pipelines.pipelines.apply((list) => list.map((p) => p.number));
    expect(await valueOf(numbers)).toEqual([2, 1]);
    expect(await pulumi.isSecret(pipelines)).toBe(false);
  });

  it("name the function when the plugin's answer has the wrong shape", async () => {
    answerOverride = { agents: [{ id: "not-a-number" }] };
    try {
      await expect(plugin.getAgents()).rejects.toThrow(/^getAgents: the provider plugin's answer does not have the expected shape \(agents\.0\.id: /);
    } finally {
      answerOverride = undefined;
    }
  });
});
