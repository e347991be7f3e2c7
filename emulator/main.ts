// CLI: `npm run emulator [-- --port 9810 --state ./state.json --tls-cert server.pem --tls-key server.key]`.
// Serves until SIGINT/SIGTERM; with both TLS files, over HTTPS (e.g. a certificate from a private CA).
import { readFileSync } from "node:fs";
import { startEmulator } from "./index.js";

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

async function main(): Promise<void> {
  const port = Number(arg("--port") ?? 9810);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${arg("--port")}`);
  const [cert, key] = [arg("--tls-cert"), arg("--tls-key")];
  if (!cert !== !key) throw new Error("--tls-cert and --tls-key go together: the server's certificate and its key, PEM files");
  const tls = cert && key ? { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") } : undefined;
  const emu = await startEmulator({ port, host: arg("--host"), stateFile: arg("--state"), quiet: false, tls });
  process.stdout.write(`WOODPECKER_SERVER=${emu.url}\nWOODPECKER_TOKEN=${emu.adminToken}\n`);
  process.stdout.write(`WOODPECKER_USER_TOKEN=${emu.userToken}\n`);
  process.stdout.write(`# Woodpecker v3 emulator (admin: "admin", user: "alice"); control API at ${emu.url}/__emulator/. Ctrl-C to stop.\n`);
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${(err as Error).message}\n`);
  process.exit(1);
});
