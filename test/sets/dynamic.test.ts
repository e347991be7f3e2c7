import { describe, expect, it } from "vitest";
import { CheckFailed, useStack } from "../support/stack.js";

const { emu, stack } = useStack();
const api = () => emu.client();

async function repositoryId(fullName = "acme/api"): Promise<number> {
  return (await stack.up("Repository", `repo-${fullName}`, { fullName })).outputs.repositoryId;
}
const names = async (path: string) => (await api().list<any>(path)).map((item) => item.name ?? item.address);

describe("RepositorySecretSet (dynamic face)", { timeout: 180_000 }, () => {
  it("creates, updates, deletes strays at update, and destroys", async () => {
    const repositoryId_ = await repositoryId();
    const secrets = { deploy_token: { value: "v1", events: ["push"] }, npm_token: { value: "n1", events: ["tag"], note: "npm" } };
    const created = await stack.up("RepositorySecretSet", "set", { repositoryId: repositoryId_, secrets });
    expect(created.step).toBe("create");
    expect(await names(`/repos/${repositoryId_}/secrets`)).toEqual(["deploy_token", "npm_token"]);
    expect(created.outputs.secrets.deploy_token).toMatchObject({ value: "v1", events: ["push"], images: [], note: "" });
    expect(typeof created.outputs.entries.deploy_token.secretId).toBe("number");

    expect((await stack.up("RepositorySecretSet", "set", { repositoryId: repositoryId_, secrets }, created)).step).toBe("same");

    // A secret added by hand is a stray: diff shows it, update deletes it.
    await api().request("POST", `/repos/${repositoryId_}/secrets`, { body: { name: "by_hand", value: "x", events: ["push"] } });
    const diff = await stack.diff(created, { repositoryId: repositoryId_, secrets });
    expect(diff.changes).toBe("SOME");
    const changed = await stack.up(
      "RepositorySecretSet",
      "set",
      { repositoryId: repositoryId_, secrets: { ...secrets, deploy_token: { value: "v2", events: ["push", "tag"] } } },
      created,
    );
    expect(changed.step).toBe("update");
    expect(await names(`/repos/${repositoryId_}/secrets`)).toEqual(["deploy_token", "npm_token"]);
    expect(await api().get(`/repos/${repositoryId_}/secrets/deploy_token`)).toMatchObject({ events: ["push", "tag"] });

    const dropped = await stack.up("RepositorySecretSet", "set", { repositoryId: repositoryId_, secrets: { npm_token: secrets.npm_token } }, changed);
    expect(await names(`/repos/${repositoryId_}/secrets`)).toEqual(["npm_token"]);
    await stack.destroy(dropped);
    expect(await names(`/repos/${repositoryId_}/secrets`)).toEqual([]);
  });

  it("refuses a first up on a scope with undeclared entries, before any write", async () => {
    const id = await repositoryId();
    await api().request("POST", `/repos/${id}/secrets`, { body: { name: "by_hand", value: "x", events: ["push"] } });
    await emu.clearRequests();
    await expect(stack.up("RepositorySecretSet", "set", { repositoryId: id, secrets: { a: { value: "v", events: ["push"] } } })).rejects.toThrow(
      /already holds 1 entry the set does not declare: "by_hand".*Nothing was written.*exclusive: false/s,
    );
    expect((await emu.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    // exclusive: false manages only the declared entries.
    const created = await stack.up("RepositorySecretSet", "set", { repositoryId: id, exclusive: false, secrets: { a: { value: "v", events: ["push"] } } });
    expect(await names(`/repos/${id}/secrets`)).toEqual(["a", "by_hand"]);
    await stack.destroy(created);
    expect(await names(`/repos/${id}/secrets`)).toEqual(["by_hand"]);
  });

  it("refuses bad entries at check with their path", async () => {
    const failures = await stack.failures("RepositorySecretSet", {
      repositoryId: 0,
      secrets: { " padded": { value: "v", events: ["push"] }, ok: { value: "", events: ["nope"] }, Ok: { value: "v", events: ["push"] } },
    });
    const byPath = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    // Which of "ok" and "Ok" is named second depends on the order the map travels in.
    const folded = byPath['secrets["Ok"]'] ? 'secrets["Ok"]' : 'secrets["ok"]';
    expect(Object.keys(byPath).sort()).toEqual(["repositoryId", 'secrets[" padded"]', folded, 'secrets["ok"].events[0]', 'secrets["ok"].value'].sort());
    expect(byPath.repositoryId).toMatch(/repositoryId/);
    expect(byPath['secrets[" padded"]']).toMatch(/leading or trailing white space, which the server would not keep as declared; write "padded"/);
    expect(byPath[folded]).toMatch(/"Ok" and "ok"|"ok" and "Ok"/);
    expect(byPath['secrets["ok"].value']).toMatch(/^secrets\["ok"\]\.value: value must not be empty/);
    // A registry address the server cannot parse is refused as a key.
    const registry = await stack.failures("RepositoryRegistrySet", { repositoryId: 1, registries: { "%zz": { username: "u", password: "p" } } });
    expect(registry).toEqual([{ property: 'registries["%zz"]', reason: expect.stringMatching(/server parses addresses as URLs/) }]);
    // Scope, key and adopt belong to the set, not to its entries.
    const own = await stack.failures("RepositorySecretSet", { repositoryId: 1, secrets: { a: { name: "b", value: "v", events: ["push"] } } });
    expect(own).toEqual([{ property: 'secrets["a"].name', reason: expect.stringMatching(/given by the set/) }]);
    void CheckFailed;
  });
});
