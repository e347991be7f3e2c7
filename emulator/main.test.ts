import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const main = path.resolve(__dirname, "../dist/emulator/main.js");

describe("npm run emulator -- --help", () => {
  it("prints the options and the seeded forge, and exits instead of serving", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [main, "--help"], { timeout: 10_000 });
    for (const option of ["--port <n>", "--host <address>", "--state <file>", "--tls-cert <pem>", "--tls-key <pem>", "-h, --help"])
      expect(stdout).toContain(option);
    expect(stdout).toMatch(/acme\/api +remote id 101, public, branches main, develop, release\/v1 \(admin: admin; push: alice\)/);
    expect(stdout).toMatch(/alice\/notes +remote id 105, private/);
    expect(stdout).toContain("Forge orgs: acme.");
    expect(stdout).not.toContain("WOODPECKER_TOKEN");
  });
});
