// Connecting to a self-hosted server with the REAL Pulumi CLI: the emulator behind TLS with a
// certificate from a CA made for this run. Refused without woodpecker:caCert, trusted with it; with
// woodpecker:skipVerify and a server older than the supported range, the warnings reach the output
// of `pulumi up` from both places that talk to the server (the program's functions, the provider host).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi, pulumiWorkspace, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { makeTestCa, type TestCa } from "../support/tls";

describe("connecting through TLS with a private CA, with the real CLI", () => {
  let ca: TestCa;
  let emu: Emulator;
  let ws: PulumiWorkspace;
  let project: string;
  const pulumi = (...args: string[]) => ws.run([...args, "--stack", "dev", "--non-interactive"], project);
  const attempt = (...args: string[]) =>
    pulumi(...args).then(
      ({ stdout, stderr }) => ({ ok: true, output: `${stdout}\n${stderr}` }),
      (error: Error) => ({ ok: false, output: error.message }),
    );
  /** The emulator's control API, over TLS with the test CA. */
  const control = (path: string, body: unknown) =>
    new Promise<void>((resolve, reject) => {
      const req = request(`${emu.url}/__emulator/${path}`, { method: "POST", ca: ca.caPem, headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`control ${path}: ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });

  beforeAll(async () => {
    ca = makeTestCa();
    emu = await startEmulator({ tls: { key: ca.key, cert: ca.cert } });
    ws = pulumiWorkspace(await findOrBuildPulumi());
    project = mkdtempSync(join(tmpdir(), "woodpecker-connecting-"));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(join(REPO_ROOT, "node_modules", "@pulumi"), join(project, "node_modules", "@pulumi"), "dir");
    symlinkSync(REPO_ROOT, join(project, "node_modules", "pulumi-woodpecker"), "dir");
    writeFileSync(join(project, "Pulumi.yaml"), "name: connecting\nruntime: nodejs\n");
    writeFileSync(join(project, "package.json"), '{"name":"connecting","main":"index.js"}\n');
    writeFileSync(
      join(project, "index.js"),
      `const pulumi = require("@pulumi/pulumi");
const woodpecker = require("pulumi-woodpecker");
const value = new pulumi.Config().get("value") || "v1";
new woodpecker.GlobalSecret("deploy", { name: "deploy", value: pulumi.secret(value), events: ["push"] });
exports.version = woodpecker.getServerVersionOutput().version;
`,
    );
    await ws.run(["login", `file://${ws.backendDir}`], project);
    await ws.run(["stack", "init", "dev", "--non-interactive"], project);
    await pulumi("config", "set", "woodpecker:server", emu.url);
    await pulumi("config", "set", "--secret", "woodpecker:token", emu.adminToken);
  });
  afterAll(async () => {
    await emu?.close();
    ca?.remove();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("refuses the server without woodpecker:caCert, saying how to trust the CA", async () => {
    const { ok, output } = await attempt("up", "--yes", "--skip-preview");
    expect(ok).toBe(false);
    expect(output).toMatch(/certificate is not trusted .*set woodpecker:caCert/);
    expect(output).not.toContain(emu.adminToken);
  });

  it("trusts it with woodpecker:caCert, with no warning", async () => {
    await pulumi("config", "set", "woodpecker:caCert", ca.caFile);
    const { ok, output } = await attempt("up", "--yes", "--skip-preview");
    expect(ok, output).toBe(true);
    expect(output).not.toMatch(/warning: .*(skipVerify|Woodpecker server)/);
    expect(JSON.parse((await pulumi("stack", "output", "--json")).stdout)).toEqual({ version: "3.17.0" });
  });

  it("shows the skipVerify and unsupported-version warnings in the run, once per process that talks to the server", async () => {
    await control("options", { version: "2.8.0" });
    await pulumi("config", "rm", "woodpecker:caCert");
    await pulumi("config", "set", "woodpecker:skipVerify", "true");
    await pulumi("config", "set", "value", "v2");
    const { ok, output } = await attempt("up", "--yes", "--skip-preview");
    expect(ok, output).toBe(true);
    // The program's function reports through the engine; the provider host (the secret's update) on its stderr.
    const diagnostics = output.split("\nDiagnostics:\n")[1] ?? "";
    const skip = diagnostics.match(/woodpecker:skipVerify is on: the certificate of https:\/\/127\.0\.0\.1:\d+ is not verified/g) ?? [];
    const version = diagnostics.match(/the Woodpecker server https:\/\/127\.0\.0\.1:\d+ is 2\.8\.0, older than this provider supports/g) ?? [];
    expect([skip.length, version.length], output).toEqual([2, 2]);
    expect(output).not.toContain(emu.adminToken);
  });
});
