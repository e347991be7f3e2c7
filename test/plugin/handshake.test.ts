import { describe, expect, it } from "vitest";
import { pb } from "../support/grpc.js";
import { usePlugin } from "../support/plugin.js";

/**
 * The engine's Handshake RPC, apart from test/plugin/protocol.test.ts because it is newer than the
 * lower bound of the supported @pulumi/pulumi range (scripts/pulumi-oldest.sh runs protocol.test.ts
 * on that version, whose protocol has no Handshake message).
 */

const { plugin } = usePlugin();

describe("Handshake", () => {
  it("is left to the engine's fallback (UNIMPLEMENTED): the engine then configures the plugin as before", async () => {
    await expect(plugin.call("handshake", new pb.ProviderHandshakeRequest())).rejects.toMatchObject({ code: 12 });
  });
});
