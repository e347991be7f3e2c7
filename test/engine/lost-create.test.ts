import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorFixture } from "../support/emulator.js";
import { TestStack } from "../support/stack.js";

/** A create whose answer comes after woodpecker:timeoutSeconds, through the SDK's real dynamic-provider host. */

let emu: EmulatorFixture;
let stack: TestStack;
beforeAll(async () => {
  emu = await EmulatorFixture.start();
  stack = await TestStack.start(emu, "admin", { config: { "woodpecker:retries": "0", "woodpecker:timeoutSeconds": "1" } });
});
afterAll(async () => {
  await stack?.close();
  await emu?.close();
});
beforeEach(() => emu.reset());

const messageOf = (error: unknown) => String((error as { details?: string }).details ?? (error as Error).message ?? error);

describe("a slow create past the timeout", () => {
  it("the server writes the agent 2.5 s after the POST: the create waits for it and holds it; a rerun without adopt is refused", async () => {
    await emu.faults([{ method: "POST", path: "^/api/agents$", latencyMs: 2500, count: 1 }]);
    const agent = await stack.up("Agent", "a", { name: "runner" });
    const onServer = await emu.client().list<any>("/agents");
    expect(onServer.map((a) => [a.id, a.name])).toEqual([[agent.outputs.agentId, "runner"]]);
    expect((await emu.requests()).filter((q) => q.method === "POST")).toHaveLength(1);

    const again = await stack.up("Agent", "b", { name: "runner" }).then(() => undefined, messageOf);
    expect(again).toMatch(/agent "runner": it already exists on the server.*`adopt: true`/);
    expect(await emu.client().list<any>("/agents")).toHaveLength(1);
  });

  it("a secret the server answers for 2.5 s after storing it: one secret, in the create's result", async () => {
    const repo = await stack.up("Repository", "r", { fullName: "acme/api" });
    await emu.faults([{ method: "POST", path: "/secrets$", answerLatencyMs: 2500, count: 1 }]);
    const secret = await stack.up("RepositorySecret", "s", { repositoryId: repo.outputs.repositoryId, name: "late", value: "v", events: ["push"] });
    const onServer = await emu.client().list<any>(`/repos/${repo.outputs.repositoryId}/secrets`);
    expect(onServer.map((s) => s.id)).toEqual([secret.outputs.secretId]);
  });
});
