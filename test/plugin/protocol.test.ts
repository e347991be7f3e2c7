import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, SECRET_SIG, UNKNOWN, wrapSecret } from "../support/grpc.js";
import { messageOf, startPlugin, usePlugin } from "../support/plugin.js";

/**
 * The native plugin's protocol surface, spawned from bin/ as the engine spawns it: plugin info,
 * schema, provider configuration, check failures, detailed diffs, preview and invoke, against the
 * emulator over loopback HTTP.
 */

const { emu, plugin } = usePlugin();

async function activate(fullName = "acme/api"): Promise<number> {
  const { inputs } = await plugin.check("Repository", {}, { fullName });
  return (await plugin.create("Repository", inputs)).props.repositoryId;
}

describe("plugin info and schema", () => {
  it("GetPluginInfo answers the package version", async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(await plugin.pluginInfo()).toBe(version);
  });

  it("GetSchema answers schema.json as shipped", async () => {
    expect(await plugin.schema()).toBe(readFileSync(path.join(repoRoot, "schema.json"), "utf8"));
  });

  it("GetMappings answers empty, Attach is accepted", async () => {
    const { pb } = await import("../support/grpc.js");
    const mappings = await plugin.call("getMappings", new pb.GetMappingsRequest());
    expect(mappings.getProvidersList()).toEqual([]);
    // PULUMI_DEBUG_PROVIDERS: the engine attaches to a plugin started by hand.
    await expect(plugin.attach("127.0.0.1:1")).resolves.toBeUndefined();
  });
});

describe("provider configuration", () => {
  it("CheckConfig refuses a missing server, naming the key and how to set it", async () => {
    const { failures } = await plugin.checkConfig({});
    expect(failures).toEqual([{ property: "server", reason: expect.stringMatching(/pulumi config set woodpecker:server .*WOODPECKER_SERVER/) }]);
  });

  it("CheckConfig refuses an /api URL and says which URL to use", async () => {
    const { failures } = await plugin.checkConfig({ server: "https://ci.example.com/api" });
    expect(failures).toEqual([
      { property: "server", reason: expect.stringMatching(/woodpecker:server must be the server's root URL.*use https:\/\/ci\.example\.com$/) },
    ]);
  });

  it("CheckConfig reports every bad number by its key", async () => {
    const { failures } = await plugin.checkConfig({ server: "https://ci.example.com", retries: "many", timeoutSeconds: "-1", maxConcurrency: "1.5" });
    expect(failures).toEqual([
      { property: "timeoutSeconds", reason: expect.stringMatching(/^woodpecker:timeoutSeconds must be a non-negative number, got "-1"/) },
      { property: "retries", reason: expect.stringMatching(/^woodpecker:retries must be a non-negative number, got "many"/) },
      { property: "maxConcurrency", reason: expect.stringMatching(/^woodpecker:maxConcurrency must be a whole number, got "1.5"/) },
    ]);
  });

  it("CheckConfig accepts good values, keeps the token a secret even when given in plain text, and never echoes it in a failure", async () => {
    const ok = await plugin.checkConfig({ server: emu.url, token: "plain-token-value", retries: 3 });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs.token).toEqual(wrapSecret("plain-token-value"));
    const bad = await plugin.checkConfig({ server: "not a url", token: wrapSecret("plain-token-value") });
    expect(JSON.stringify(bad.failures)).not.toContain("plain-token-value");
    expect(bad.failures[0]).toMatchObject({ property: "server", reason: expect.stringMatching(/is not a URL/) });
  });

  it("CheckConfig leaves values unknown during preview for later", async () => {
    expect((await plugin.checkConfig({ server: UNKNOWN, token: UNKNOWN })).failures).toEqual([]);
  });

  it("CheckConfig falls back to WOODPECKER_SERVER as resolveConfig does", async () => {
    const fromEnv = await startPlugin({ WOODPECKER_SERVER: emu.url });
    try {
      expect((await fromEnv.checkConfig({})).failures).toEqual([]);
    } finally {
      await fromEnv.close();
    }
  });

  it("DiffConfig names the changed keys and replaces nothing", async () => {
    const same = await plugin.diffConfig({ server: "https://a.example", token: wrapSecret("t") }, { server: "https://a.example", token: wrapSecret("t") });
    expect(same.changes).toBe("NONE");
    const moved = await plugin.diffConfig({ server: "https://a.example" }, { server: "https://b.example", retries: "1" });
    expect(moved).toMatchObject({ changes: "SOME", replaces: [], detailed: { server: "UPDATE", retries: "ADD" } });
  });

  it("Configure answers acceptSecrets and supportsPreview; with variables, with args and from the environment", async () => {
    const byVariables = await startPlugin();
    const byEnv = await startPlugin({ WOODPECKER_SERVER: emu.url, WOODPECKER_TOKEN: emu.emulator.adminToken });
    try {
      expect(await byVariables.configure({ variables: { "woodpecker:config:server": emu.url, "woodpecker:config:token": emu.emulator.adminToken } })).toEqual({
        acceptSecrets: true,
        supportsPreview: true,
      });
      await byEnv.configure({ variables: {} });
      for (const configured of [byVariables, byEnv, plugin]) {
        const { result, failures } = await configured.invoke("getCurrentUser", {});
        expect(failures).toEqual([]);
        expect(result.login).toBe("admin");
      }
    } finally {
      await byVariables.close();
      await byEnv.close();
    }
  });

  it("a token the server refuses fails the step without the token in the error or on stderr", async () => {
    const wrong = await startPlugin();
    const token = "tok-never-print-me-1234567890";
    try {
      await wrong.configure({ args: { server: emu.url, token: wrapSecret(token), retries: "0" } });
      const error = await wrong.invoke("getCurrentUser", {}).then(
        () => undefined,
        (e) => e,
      );
      expect(messageOf(error)).toMatch(/401|unauthori[sz]ed|token/i);
      const { inputs } = await wrong.check("GlobalSecret", {}, { name: "n", value: "v", events: ["push"] });
      const created = await wrong.create("GlobalSecret", inputs).then(
        () => undefined,
        (e) => e,
      );
      expect(messageOf(created)).toMatch(/global secret "n"/);
      for (const text of [messageOf(error), messageOf(created), wrong.stderr()]) expect(text).not.toContain(token);
    } finally {
      await wrong.close();
    }
  });

  it("configuration unknown during preview: preview steps run, real steps say why they cannot", async () => {
    const previewing = await startPlugin();
    try {
      await previewing.configure({ args: { server: UNKNOWN, token: UNKNOWN } });
      const { inputs } = await previewing.check("RepositorySecret", {}, { repositoryId: 1, name: "n", value: "v", events: ["push"] });
      const preview = await previewing.create("RepositorySecret", inputs, true);
      expect(preview.props).toMatchObject({ name: "n", secretId: UNKNOWN, value: wrapSecret("v") });
      const error = await previewing.create("RepositorySecret", inputs).then(
        () => undefined,
        (e) => e,
      );
      expect(messageOf(error)).toMatch(/configuration depends on values not known/);
    } finally {
      await previewing.close();
    }
  });
});

describe("check and diff", () => {
  it("Check names failing fields by path and applies defaults", async () => {
    const bad = await plugin.check("RepositorySecret", {}, { repositoryId: 1, name: "n", value: "v", events: ["push", "pushed"] });
    expect(bad.failures).toEqual([{ property: "events[1]", reason: expect.stringMatching(/unknown event "pushed"/) }]);
    const typo = await plugin.check("RepositoryCron", {}, { repositoryId: 1, name: "n", schedule: "@daily", brnach: "x" });
    expect(typo.failures[0]!.reason).toMatch(/RepositoryCron has no input "brnach"/);
    const good = await plugin.check("RepositorySecret", {}, { repositoryId: 1, name: "n", value: "v", events: ["push"] });
    expect(good).toEqual({ failures: [], inputs: { repositoryId: 1, name: "n", value: wrapSecret("v"), events: ["push"], images: [], note: "" } });
  });

  it("Check keeps secrets the program made secret, and unknown values for later", async () => {
    const { inputs, failures } = await plugin.check("RepositorySecret", {}, { repositoryId: UNKNOWN, name: wrapSecret("n"), value: "v", events: ["push"] });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ repositoryId: UNKNOWN, name: wrapSecret("n"), value: wrapSecret("v") });
  });

  it("Check refuses a type the plugin does not serve", async () => {
    const { pb, struct } = await import("../support/grpc.js");
    const request = new pb.CheckRequest();
    request.setUrn("urn:pulumi:stack::proj::woodpecker:index:Pipeline::p");
    request.setOlds(struct({}));
    request.setNews(struct({}));
    await expect(plugin.call("check", request)).rejects.toMatchObject({
      details: expect.stringMatching(/unknown Woodpecker resource kind "Pipeline"; known kinds: Repository, /),
    });
  });

  it("Diff details an update, a replacement, and a delete-before-replace", async () => {
    const olds = { repositoryId: 1, name: "n", value: wrapSecret("v"), events: ["push"], images: [], note: "", secretId: 4 };
    const none = await plugin.diff("RepositorySecret", "1/n", olds, { ...olds, secretId: undefined });
    expect(none).toMatchObject({ changes: "NONE", diffs: [], replaces: [] });
    const update = await plugin.diff("RepositorySecret", "1/n", olds, { ...olds, events: ["push", "tag"], value: wrapSecret("w") });
    expect(update).toEqual({
      changes: "SOME",
      diffs: ["value", "events"],
      replaces: [],
      deleteBeforeReplace: false,
      detailed: { value: "UPDATE", events: "UPDATE" },
    });
    const rename = await plugin.diff("RepositorySecret", "1/n", olds, { ...olds, name: "m" });
    expect(rename).toMatchObject({ changes: "SOME", replaces: ["name"], deleteBeforeReplace: false, detailed: { name: "UPDATE_REPLACE" } });
    // Back to the default branch: the server cannot clear it, so the cron is replaced under the same name.
    const cron = { repositoryId: 1, name: "nightly", schedule: "@daily", branch: "develop", timezone: "UTC", variables: {}, enabled: true, cronId: 3 };
    const dbr = await plugin.diff("RepositoryCron", "1/3", cron, { ...cron, branch: "" });
    expect(dbr).toMatchObject({ changes: "SOME", replaces: ["branch"], deleteBeforeReplace: true, detailed: { branch: "UPDATE_REPLACE" } });
    const ignored = await plugin.diff("RepositorySecret", "1/n", olds, { ...olds, note: "changed" }, ["note"]);
    expect(ignored.changes).toBe("NONE");
  });
});

describe("invoke", () => {
  it("runs data-source functions, with agent tokens as secrets", async () => {
    const repositoryId = await activate();
    const { inputs } = await plugin.check("RepositorySecret", {}, { repositoryId, name: "deploy", value: "v", events: ["push"] });
    await plugin.create("RepositorySecret", inputs);
    const secrets = await plugin.invoke("getRepositorySecrets", { repositoryId });
    expect(secrets).toMatchObject({ failures: [], result: { secrets: [{ name: "deploy", events: ["push"] }] } });
    expect(JSON.stringify(secrets.result)).not.toContain('"value"');
    const agent = await plugin.create("Agent", (await plugin.check("Agent", {}, { name: "runner" })).inputs);
    const agents = await plugin.invoke("getAgents", {});
    expect(agents.result.agents).toEqual([expect.objectContaining({ name: "runner", token: wrapSecret(agent.props.token.value) })]);
    expect(agents.result.agents[0].token[SECRET_SIG]).toBeDefined();
    const pipelines = await plugin.invoke("getPipelines", { repositoryId, limit: 5 });
    expect(pipelines).toEqual({ failures: [], result: { repositoryId, pipelines: [] } });
  });

  it("answers bad arguments with failures naming the argument, and unknown functions with an error", async () => {
    const bad = await plugin.invoke("getPipelines", { repositoryId: 1, event: ["push", "pushed"] });
    expect(bad.failures).toEqual([{ property: "event[1]", reason: expect.stringMatching(/pushed/) }]);
    const typo = await plugin.invoke("getOrg", { nmae: "acme" });
    expect(typo.failures[0]!.reason).toMatch(/unknown argument "nmae"; known: /);
    await expect(plugin.invoke("getPipelinez", {})).rejects.toMatchObject({ details: expect.stringMatching(/unknown Woodpecker function "getPipelinez"/) });
  });
});
