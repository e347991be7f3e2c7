import { onParentGone } from "./lifetime.js";
import { serve } from "./server.js";

/**
 * `pulumi-resource-woodpecker`: the engine starts it with its own address as the last argument
 * (flags such as `--logtostderr` or `-v=9` may come first) and reads the port from the first line
 * of stdout. Started by hand, it serves without an engine (PULUMI_DEBUG_PROVIDERS=woodpecker:<port>).
 */
async function main(args: string[]): Promise<void> {
  const engineAddress = args.filter((arg) => !arg.startsWith("-")).pop();
  const { port, server } = await serve(engineAddress);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.forceShutdown());
  // Nothing can record what a request in flight does once the engine is gone: stop at once.
  onParentGone(() => {
    server.forceShutdown();
    process.exit(0);
  });
  // A plain string, so that Node does not colour the number.
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-woodpecker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
