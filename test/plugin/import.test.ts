import { describe, expect, it } from "vitest";
import { specs } from "../../provider/resources/index.js";
import { SECRET_SIG, wrapSecret, type Props } from "../support/grpc.js";
import { messageOf, usePlugin } from "../support/plugin.js";

/**
 * `pulumi import <type> <name> <id>`: the engine calls Read with the ID alone, then checks the
 * program's declaration against what Read returned. For every kind: the object is created on the
 * server, imported from its ID, and the program's inputs diff against the imported state with no
 * change but the write-only inputs no API returns.
 */

const { plugin } = usePlugin();

async function deploy(kind: string, args: Props): Promise<{ id: string; props: Props }> {
  const { inputs, failures } = await plugin.check(kind, {}, args);
  expect(failures).toEqual([]);
  return plugin.create(kind, inputs);
}

/** Each kind's program: how it is declared, and the write-only inputs an import cannot know. */
type Case = { args: (ids: Ids) => Props; writeOnly: string[] };
type Ids = { repositoryId: number; orgId: number };
const CASES: Record<string, Case> = {
  Repository: { args: () => ({ fullName: "acme/web", timeout: 90, trusted: { network: true } }), writeOnly: [] },
  RepositorySecret: {
    args: ({ repositoryId }) => ({ repositoryId, name: "deploy_token", value: "s3cret", events: ["push", "tag"], images: ["alpine"] }),
    writeOnly: ["value"],
  },
  RepositoryRegistry: { args: ({ repositoryId }) => ({ repositoryId, address: "localhost:5000", username: "u", password: "p" }), writeOnly: ["password"] },
  RepositoryCron: {
    args: ({ repositoryId }) => ({ repositoryId, name: "nightly", schedule: "@daily", branch: "develop", variables: { A: "1" } }),
    writeOnly: [],
  },
  Org: { args: () => ({ name: "acme" }), writeOnly: [] },
  OrgSecret: { args: ({ orgId }) => ({ orgId, name: "org_token", value: "v", events: ["push"], note: "n" }), writeOnly: ["value"] },
  OrgRegistry: { args: ({ orgId }) => ({ orgId, address: "docker.io", username: "u", password: "p" }), writeOnly: ["password"] },
  OrgAgent: { args: ({ orgId }) => ({ orgId, name: "org-runner", noSchedule: true }), writeOnly: [] },
  GlobalSecret: { args: () => ({ name: "global_token", value: "v", events: ["cron", "manual"] }), writeOnly: ["value"] },
  GlobalRegistry: { args: () => ({ address: "quay.io", username: "u", password: "p" }), writeOnly: ["password"] },
  Agent: { args: () => ({ name: "runner" }), writeOnly: [] },
  User: { args: () => ({ login: "bob", email: "bob@example.test", admin: true }), writeOnly: [] },
  Forge: {
    args: () => ({ type: "forgejo", url: "https://code.example.com", client: "cid", clientSecret: "cs", additionalOptions: { "oauth-host": "x" } }),
    writeOnly: ["clientSecret"],
  },
};

it("covers every resource kind", () => {
  expect(Object.keys(CASES).sort()).toEqual(Object.keys(specs).sort());
});

describe("import by ID", () => {
  it.each(Object.keys(CASES))(
    "%s: Read with the ID alone returns inputs and state; the program's declaration then shows no change but write-only inputs",
    async (kind) => {
      const repositoryId = (await deploy("Repository", { fullName: "acme/api" })).props.repositoryId;
      const orgId = (await deploy("Org", { name: "acme" })).props.orgId;
      const args = CASES[kind]!.args({ repositoryId, orgId });
      const created = await deploy(kind, args);

      const imported = await plugin.read(kind, created.id);
      expect(imported.id).toBe(created.id);
      for (const key of CASES[kind]!.writeOnly) expect(imported.inputs).not.toHaveProperty(key);
      expect(Object.keys(imported.inputs).every((key) => key in specs[kind as keyof typeof specs].inputs)).toBe(true);
      // Outputs as a create gives them (write-only inputs aside).
      const expected = Object.fromEntries(Object.entries(created.props).filter(([key]) => !CASES[kind]!.writeOnly.includes(key)));
      expect(imported.props).toMatchObject(expected);

      // What the engine does after Read: check the program's inputs against the imported ones, then diff.
      const checked = await plugin.check(kind, imported.inputs, args);
      expect(checked.failures).toEqual([]);
      const diff = await plugin.diff(kind, imported.id, imported.props, checked.inputs);
      expect(diff.diffs).toEqual(CASES[kind]!.writeOnly);
      expect(diff.replaces).toEqual([]);
      // And the imported inputs alone (what `pulumi import` checks after Read: olds and news both Read's
      // inputs) pass check, though a required write-only input is missing (no "imported inputs failed to
      // validate" warning), and show no change.
      const own = await plugin.check(kind, imported.inputs, imported.inputs);
      expect(own.failures).toEqual([]);
      expect((await plugin.diff(kind, imported.id, imported.props, own.inputs)).changes).toBe("NONE");
      // A required write-only input is still required on create (no olds) and on update (olds from state).
      for (const key of CASES[kind]!.writeOnly) {
        if (!specs[kind as keyof typeof specs].inputs[key as never]) continue;
        const without = Object.fromEntries(Object.entries(args).filter(([k]) => k !== key));
        const required = (await plugin.check(kind, {}, without)).failures.map((failure) => failure.property);
        const onUpdate = (await plugin.check(kind, args, without)).failures.map((failure) => failure.property);
        if (required.length) expect([required, onUpdate]).toEqual([[key], [key]]);
      }
      // With the write-only inputs added from the program, the diff shows a change in exactly them,
      // every other input being the imported one.
      const writeOnly = CASES[kind]!.writeOnly;
      const completed = { ...imported.inputs, ...Object.fromEntries(writeOnly.map((key) => [key, args[key]])) };
      const checkedOwn = await plugin.check(kind, imported.inputs, completed);
      expect(checkedOwn.failures).toEqual([]);
      for (const key of Object.keys(checkedOwn.inputs).filter((key) => !writeOnly.includes(key))) {
        expect(checkedOwn.inputs[key], `${kind}.${key}`).toEqual(imported.inputs[key]);
      }
      const ownDiff = await plugin.diff(kind, imported.id, imported.props, checkedOwn.inputs);
      expect(ownDiff.diffs).toEqual(writeOnly);
      expect(ownDiff.replaces).toEqual([]);
      expect(ownDiff.changes).toBe(writeOnly.length === 0 ? "NONE" : "SOME");
    },
  );

  it("the imported state keeps secret fields as secrets (a forge's additional options, an agent's token)", async () => {
    const forge = await deploy("Forge", CASES.Forge!.args({ repositoryId: 0, orgId: 0 }));
    const imported = await plugin.read("Forge", forge.id);
    expect(imported.inputs.additionalOptions).toEqual(wrapSecret({ "oauth-host": "x" }));
    expect(imported.props.additionalOptions[SECRET_SIG]).toBeDefined();
    const agent = await deploy("Agent", { name: "runner" });
    const importedAgent = await plugin.read("Agent", agent.id);
    expect(importedAgent.props.token).toEqual(wrapSecret(agent.props.token.value));
  });

  it("refuses a malformed ID naming the expected format", async () => {
    for (const [kind, id, format] of [
      ["RepositorySecret", "deploy_token", "<repositoryId>/<name>"],
      ["RepositorySecret", "seven/deploy_token", "<repositoryId>/<name>"],
      ["OrgRegistry", "1/docker.io", "<orgId>/<registryId>"],
      ["Repository", "acme/api", "<repositoryId>"],
    ] as const) {
      const error = await plugin.read(kind, id).then(
        () => undefined,
        (e) => e,
      );
      expect(messageOf(error)).toContain(`${kind} import ID ${JSON.stringify(id)}`);
      expect(messageOf(error)).toContain(`expected ${format}`);
    }
  });

  it("an ID of an object of another scope is refused, naming the kind and ID to import it as (GET /agents/{id} serves org agents too)", async () => {
    const repositoryId = (await deploy("Repository", { fullName: "acme/api" })).props.repositoryId;
    const orgId = (await deploy("Org", { name: "acme" })).props.orgId;
    expect(repositoryId).toBeGreaterThan(0);
    const orgAgent = await deploy("OrgAgent", { orgId, name: "org-runner" });
    const agentId = orgAgent.props.agentId;
    const asGlobal = await plugin.read("Agent", String(agentId)).then(() => "imported", messageOf);
    expect(asGlobal).toMatch(
      new RegExp(
        `Agent import ID "${agentId}" names an object of another scope: it is a OrgAgent; import it as woodpecker:index:OrgAgent with the ID ${orgId}/${agentId}`,
      ),
    );
    // The kind it names imports it.
    expect((await plugin.read("OrgAgent", `${orgId}/${agentId}`)).props).toMatchObject({ orgId, agentId, name: "org-runner" });
    // A global agent is no org agent either: the org's list does not hold it.
    const global = await deploy("Agent", { name: "global-runner" });
    expect(await plugin.read("OrgAgent", `${orgId}/${global.props.agentId}`)).toEqual({ id: "", props: {}, inputs: {} });
  });

  it("an ID of nothing on the server imports nothing (the engine reports that the resource does not exist)", async () => {
    const repositoryId = (await deploy("Repository", { fullName: "acme/api" })).props.repositoryId;
    for (const [kind, id] of [
      ["RepositorySecret", `${repositoryId}/missing`],
      ["GlobalRegistry", "999"],
      ["User", "999"],
      ["Org", "999"],
      ["OrgAgent", "1/999"],
    ] as const) {
      expect(await plugin.read(kind, id)).toEqual({ id: "", props: {}, inputs: {} });
    }
  });
});
