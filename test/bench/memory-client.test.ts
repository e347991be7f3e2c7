// The benchmark's no-I/O floors (bench/faces.ts) stand on bench/floor/memory-client.js answering the
// secret routes as the server does. Each step here goes to the emulator through the real client
// and to the in-memory store, and the two answers must be equal.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Method, RequestOptions, WoodpeckerClient } from "../../provider/client/client.js";
import { WoodpeckerError } from "../../provider/client/errors.js";
import { EmulatorFixture } from "../support/emulator.js";

interface Store {
  request(method: Method, apiPath: string, options?: RequestOptions): Promise<unknown>;
  list(apiPath: string, options?: RequestOptions): Promise<unknown[]>;
}
const { MemoryWoodpecker } = createRequire(__filename)("../../bench/floor/memory-client.js") as {
  MemoryWoodpecker: new (errors: typeof WoodpeckerError, journal?: string) => Store;
};

/** The answer, or the error's reason and status, so that both sides compare as data. */
const outcome = (answer: Promise<unknown>) =>
  answer.then(
    (value) => ({ value }),
    (error: WoodpeckerError) => ({ reason: error.reason, status: error.status }),
  );

describe("the benchmark floor's in-memory Woodpecker", () => {
  let emu: EmulatorFixture;
  let client: WoodpeckerClient;
  const dir = mkdtempSync(path.join(tmpdir(), "memory-client-"));
  const journal = path.join(dir, "store.jsonl");
  beforeAll(async () => {
    emu = await EmulatorFixture.start();
    client = emu.client();
  });
  afterAll(async () => {
    await client.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the repository secret routes as the emulator does, and keeps them across processes", async () => {
    const repo = await client.post<{ id: number }>("/repos?forge_remote_id=101", undefined);
    const memory = new MemoryWoodpecker(WoodpeckerError, journal);
    const secrets = `/repos/${repo.id}/secrets`;
    const steps: [Method, string, RequestOptions?][] = [
      ["GET", `${secrets}/deploy`],
      ["POST", secrets, { body: { name: "deploy", value: "v1", events: ["tag", "push"], images: [], note: "" } }],
      ["POST", secrets, { body: { name: "deploy", value: "v2", events: ["push"] } }],
      ["POST", secrets, { body: { name: "a/b", value: "v", events: ["push"] } }],
      ["GET", `${secrets}/deploy`],
      ["GET", `${secrets}/${encodeURIComponent("a/b")}`],
      ["PATCH", `${secrets}/deploy`, { body: { value: "", events: ["push", "cron"], note: "n" } }],
      ["DELETE", `${secrets}/${encodeURIComponent("a/b")}`],
      ["DELETE", `${secrets}/${encodeURIComponent("a/b")}`],
      ["PATCH", `${secrets}/gone`, { body: { value: "x" } }],
    ];
    for (const [method, route, options] of steps) {
      const real = await outcome(client.request(method, route, options));
      expect({ step: `${method} ${route}`, ...(await outcome(memory.request(method, route, options))) }).toEqual({ step: `${method} ${route}`, ...real });
    }
    const list = await client.list(secrets);
    expect(await memory.list(secrets)).toEqual(list);
    // A new provider process (the next CLI command) starts from the journal.
    const next = new MemoryWoodpecker(WoodpeckerError, journal);
    expect(await next.request("GET", `${secrets}/deploy`)).toEqual(await client.get(`${secrets}/deploy`));
    expect(await next.list(secrets)).toEqual(list);
  });
});
