import { describe, expect, it } from "vitest";
import { usePlugin } from "../support/plugin.js";
import { useStack } from "../support/stack.js";

/**
 * Names, keys and cron fields are taken as declared: surrounding white space is refused at check
 * with the field's path (the check used to trim it, so `" deploy_token "` created `deploy_token`
 * and two declared objects could meet on the server). The server stores such values as sent
 * (secrets, registries, agents) or trims them (crons): either way not what was declared.
 */
const cases: [kind: string, args: Record<string, unknown>, field: string][] = [
  ["RepositorySecret", { repositoryId: 1, name: " deploy_token ", value: "v", events: ["push"] }, "name"],
  ["OrgSecret", { orgId: 1, name: "deploy_token\t", value: "v", events: ["push"] }, "name"],
  ["GlobalSecret", { name: " x", value: "v", events: ["push"] }, "name"],
  ["RepositoryRegistry", { repositoryId: 1, address: " ghcr.io", username: "u", password: "p" }, "address"],
  ["OrgRegistry", { orgId: 1, address: "ghcr.io", username: "u ", password: "p" }, "username"],
  ["Agent", { name: "runner-1 " }, "name"],
  ["RepositoryCron", { repositoryId: 1, name: " nightly", schedule: "@daily" }, "name"],
  ["RepositoryCron", { repositoryId: 1, name: "nightly", schedule: " @daily" }, "schedule"],
  ["RepositoryCron", { repositoryId: 1, name: "nightly", schedule: "@daily", branch: "main " }, "branch"],
  ["RepositoryCron", { repositoryId: 1, name: "nightly", schedule: "@daily", timezone: " UTC" }, "timezone"],
];
const whiteSpace = /has leading or trailing white space, which the server would not keep as declared; write "/;

describe("values the server would not keep as declared", () => {
  const { plugin } = usePlugin();
  const { stack } = useStack();

  it.each(cases)("%s %j: the plugin's check refuses %s", async (kind, args, field) => {
    const { failures } = await plugin.check(kind, {}, args);
    expect(failures).toEqual([{ property: field, reason: expect.stringMatching(whiteSpace) }]);
  });

  it.each(cases)("%s %j: the dynamic provider's check refuses %s", async (kind, args, field) => {
    const { failures } = await stack.checkResult(kind, "x", args);
    expect(failures).toEqual([{ property: field, reason: expect.stringMatching(whiteSpace) }]);
  });

  it("still refuses an empty name as empty, and keeps a clean one as declared", async () => {
    expect((await plugin.check("GlobalSecret", {}, { name: "  ", value: "v", events: ["push"] })).failures).toEqual([
      { property: "name", reason: expect.stringMatching(/name must not be empty$/) },
    ]);
    expect((await plugin.check("GlobalSecret", {}, { name: "deploy_token", value: "v", events: ["push"] })).inputs).toMatchObject({ name: "deploy_token" });
  });
});
