import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

/**
 * Warnings (an unsupported server version, skipVerify in use) as the engine's diagnostics, which the
 * CLI shows under the run: a plugin's stderr is not shown to users. Stderr only when no engine
 * answers (the plugin started by hand, or a test without an engine).
 */
export function engineWarner(engineAddress: () => string | undefined): (message: string) => void {
  let engine: { address: string; client: EngineClient } | undefined;
  return (message) => {
    const toStderr = () => void process.stderr.write(`warning: ${message}\n`);
    const address = engineAddress();
    if (!address) return toStderr();
    if (engine?.address !== address) engine = { address, client: new EngineClient(address, grpc.credentials.createInsecure()) };
    const request = new LogRequest();
    request.setSeverity(LogSeverity.WARNING);
    request.setMessage(message);
    engine.client.log(request, (error) => error && toStderr());
  };
}
