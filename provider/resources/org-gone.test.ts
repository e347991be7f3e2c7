import { describe, expect, it } from "vitest";
import { useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();
const api = () => emu.client();

/**
 * On v3.17.0 a missing org id resolves to the empty org 0, so org secret and registry routes act
 * on the GLOBAL objects of the same name (pinned: test/conformance/cases.ts, "v3.17.0: under a missing org id").
 * Once the org is deleted outside Pulumi, no update, refresh or destroy of an org-scoped resource may reach them.
 */
describe("org-scoped resources after their org was deleted outside Pulumi", () => {
  it("leave the global secret and registry of the same names unchanged, field for field", async () => {
    await stack.up("Repository", "repo", { fullName: "acme/api" }); // activation creates org acme
    const org = await stack.up("Org", "org", { name: "acme" });
    const orgId = org.outputs.orgId;
    await api().post("/secrets", { name: "shared", value: "global-value", events: ["push"], images: [], note: "global" });
    await api().post("/registries", { address: "ghcr.io", username: "global-bot", password: "global-pw" });
    const secret = await stack.up("OrgSecret", "secret", { orgId, name: "shared", value: "org-value", events: ["push"] });
    const registry = await stack.up("OrgRegistry", "registry", { orgId, address: "ghcr.io", username: "org-bot", password: "org-pw" });
    const agent = await stack.up("OrgAgent", "agent", { orgId, name: "org-runner" });
    const before = { secret: await api().get("/secrets/shared"), registry: await api().get("/registries/ghcr.io"), agents: await api().list("/agents") };

    await api().delete(`/orgs/${orgId}`);
    await emu.clearRequests();

    // Update: refused, naming the org, with nothing sent to the org's routes.
    await expect(stack.up("OrgSecret", "secret", { orgId, name: "shared", value: "org-value", events: ["tag"] }, secret)).rejects.toThrow(
      new RegExp(`organization ${orgId} does not exist on the server.*global level.*nothing was sent`),
    );
    await expect(stack.up("OrgRegistry", "registry", { orgId, address: "ghcr.io", username: "changed", password: "org-pw" }, registry)).rejects.toThrow(
      /does not exist on the server/,
    );
    await expect(stack.up("OrgAgent", "agent", { orgId, name: "renamed" }, agent)).rejects.toThrow(/does not exist on the server/);

    // Refresh drops them; destroy succeeds without touching anything.
    expect(await stack.refresh(secret)).toBeUndefined();
    expect(await stack.refresh(registry)).toBeUndefined();
    expect(await stack.refresh(agent)).toBeUndefined();
    await stack.destroy(secret);
    await stack.destroy(registry);
    await stack.destroy(agent);

    const writes = (await emu.requests()).filter((request) => request.method !== "GET");
    expect(writes).toEqual([]);
    expect({ secret: await api().get("/secrets/shared"), registry: await api().get("/registries/ghcr.io"), agents: await api().list("/agents") }).toEqual(
      before,
    );
  });

  it("a create in an org id the server does not know is refused before any write", async () => {
    await expect(stack.up("OrgSecret", "secret", { orgId: 4242, name: "shared", value: "v", events: ["push"] })).rejects.toThrow(
      /organization 4242 does not exist/,
    );
    expect((await emu.requests()).filter((request) => request.method !== "GET")).toEqual([]);
  });
});
