// CLI: `npm run emulator [-- --port 9810 --state ./state.json --tls-cert server.pem --tls-key server.key]`; `--help` lists the options.
// Serves until SIGINT/SIGTERM; with both TLS files, over HTTPS (e.g. a certificate from a private CA).
import { readFileSync } from "node:fs";
import { emptyCatalogue, seedCatalogue } from "./forge.js";
import { startEmulator } from "./index.js";

/** The options, and the forge the emulator starts with (read from seedCatalogue, so it cannot go stale). */
function usage(): string {
  const c = emptyCatalogue();
  seedCatalogue(c);
  const who = (r: { admins: string[]; pushers: string[] }) =>
    [`admin: ${r.admins.join(", ")}`, r.pushers.length ? `push: ${r.pushers.join(", ")}` : ""].filter(Boolean).join("; ");
  const repos = [...c.repos.values()].map(
    (r) => `  ${r.fullName.padEnd(16)} remote id ${r.remoteId}, ${r.private ? "private" : "public"}, branches ${r.branches.join(", ")} (${who(r)})`,
  );
  return [
    "Usage: npm run emulator -- [options]   (or: node dist/emulator/main.js [options])",
    "",
    "A Woodpecker v3 server emulator (plays the released v3.17.0) with an in-memory forge.",
    "",
    "Options:",
    "  --port <n>          port to listen on (default 9810; 0 picks a free one)",
    "  --host <address>    address to listen on (default 127.0.0.1)",
    "  --state <file>      keep the emulator's objects in this JSON file across restarts",
    "  --tls-cert <pem>    serve HTTPS with this certificate (together with --tls-key)",
    "  --tls-key <pem>     the certificate's private key",
    "  -h, --help          print this and exit",
    "",
    `Users: ${[...c.users.values()].map((u) => u.login).join(", ")} (admin is the instance admin; tokens are printed at start).`,
    `Forge orgs: ${[...c.orgs.values()].map((o) => o.name).join(", ")}.`,
    "Forge repositories (activate one with POST /api/repos?forge_remote_id=<id>, or a Repository with its full name):",
    ...repos,
    "",
    "Control API under /__emulator/ (reset, seed, options {version}, faults, requests, state): emulator/DIVERGENCES.md.",
    "",
  ].join("\n");
}

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(usage());
    return;
  }
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
