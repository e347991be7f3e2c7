import { afterAll, beforeAll, expect, it } from "vitest";
import { EmulatorFixture } from "../support/emulator.js";
import { Empty, grpc, load, wrapSecret } from "../support/grpc.js";
import { startPlugin, type Plugin } from "../support/plugin.js";

/**
 * A plugin's stderr is not shown to users, so its warnings go to the engine's Log service, which
 * the CLI shows under the run. Here a stand-in engine records them: a server outside the supported
 * range is named once, however many requests follow.
 */

const engineRpc = load("@pulumi/pulumi/proto/engine_grpc_pb");
const engineServer = new grpc.Server();
const logged: { severity: number; message: string }[] = [];
let emu: EmulatorFixture;
let plugin: Plugin;

beforeAll(async () => {
  engineServer.addService(engineRpc.EngineService, {
    log: (call: any, done: (error: null, reply: unknown) => void) => {
      logged.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
      done(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    engineServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error: Error | null, bound: number) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  emu = await EmulatorFixture.start();
  await emu.control("POST", "options", { version: "2.8.0" });
  plugin = await startPlugin({}, `127.0.0.1:${port}`);
  await plugin.configure({ args: { server: emu.url, token: wrapSecret(emu.emulator.adminToken), retries: "0" } });
});
afterAll(async () => {
  await plugin?.close();
  await emu?.close();
  engineServer.forceShutdown();
});

it("sends the unsupported-version warning to the engine once, as a warning", async () => {
  await plugin.invoke("getCurrentUser", {});
  await plugin.invoke("getGlobalSecrets", {});
  await expect.poll(() => logged.length).toBe(1);
  const WARNING = load("@pulumi/pulumi/proto/engine_pb").LogSeverity.WARNING;
  expect(logged[0]).toEqual({ severity: WARNING, message: expect.stringMatching(/is 2\.8\.0, older than this provider supports/) });
  expect(logged[0]!.message).not.toContain(emu.emulator.adminToken);
});
