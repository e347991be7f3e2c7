import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzerRpc, Empty, grpc, repoRoot } from "../test/support/policy.js";

// policy/legacy-host and bin/pulumi-analyzer-policy-woodpecker-nodejs, the pack for a CLI whose Node.js
// language host cannot start packs (README.md, "CLI and language host"): started here as the engine
// starts a legacy analyzer, in the pack's folder with the engine's address and "." as arguments.
// test/e2e/policy-pack.cli.test.ts runs it with the real CLI from the installed tarball.

const legacy = path.join(repoRoot, "policy", "legacy-host");
const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const pkg = json(path.join(repoRoot, "package.json"));
const launcher = "pulumi-analyzer-policy-woodpecker-nodejs";
let proc: ChildProcess | undefined;

afterAll(() => {
  if (proc && proc.exitCode === null) proc.kill();
});

describe("the legacy-host pack and its launcher", () => {
  it("is the same pack: name, version and compiled entry of policy/package.json", () => {
    const main = json(path.join(repoRoot, "policy", "package.json"));
    const copy = json(path.join(legacy, "package.json"));
    expect([copy.name, copy.version]).toEqual([main.name, main.version]);
    expect(path.resolve(legacy, copy.main)).toBe(path.resolve(repoRoot, "policy", main.main));
  });

  it("names a runtime no language host has, whose legacy analyzer is the launcher the package ships", () => {
    const runtime = /^runtime:\s*(\S+)\s*$/m.exec(readFileSync(path.join(legacy, "PulumiPolicy.yaml"), "utf8"))?.[1];
    expect(`pulumi-analyzer-policy-${runtime}`).toBe(launcher);
    expect(pkg.bin[launcher]).toBe(`bin/${launcher}`);
    expect(pkg.files).toEqual(expect.arrayContaining(["bin", "policy/legacy-host/package.json", "policy/legacy-host/PulumiPolicy.yaml"]));
  });

  it("the launcher started in the pack's folder serves the analyzer: it prints its port and answers GetAnalyzerInfo", async () => {
    proc = spawn(path.join(repoRoot, "bin", launcher), ["127.0.0.1:1", "."], { cwd: legacy, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    proc.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no port within 30 s; stderr: ${stderr}`)), 30_000);
      proc!.stdout!.on("data", (chunk) => {
        out += chunk;
        if (!out.includes("\n")) return;
        clearTimeout(timer);
        const line = out.split("\n")[0]!.trim();
        if (/^\d+$/.test(line)) resolve(Number(line));
        else reject(new Error(`first stdout line is not a port: ${JSON.stringify(line)}; stderr: ${stderr}`));
      });
      proc!.on("exit", (code) => reject(new Error(`launcher exited with ${code}: ${stderr}`)));
    });
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const info = await new Promise<any>((resolve, reject) =>
        client.getAnalyzerInfo(new Empty(), (err: unknown, res: unknown) => (err ? reject(err) : resolve(res))),
      );
      expect(info.getName()).toBe("pulumi-woodpecker");
      expect(info.getVersion()).toBe(json(path.join(legacy, "package.json")).version);
      expect(info.getPoliciesList().length).toBeGreaterThan(10);
    } finally {
      client.close();
    }
  }, 60_000);
});
