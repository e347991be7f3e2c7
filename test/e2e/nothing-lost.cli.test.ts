// The real Pulumi CLI, both faces, when things go wrong around the server: a reverse proxy that
// answers `404 page not found` itself (as Traefik does while the server restarts) must not empty
// the stack on refresh or make destroy forget live objects; and the documented token rotation
// (revoke, `pulumi config set --secret woodpecker:token`, then refresh / destroy) is pinned as the
// engine runs it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { PROXY_404, startFrontProxy, type FrontProxy } from "../support/proxy";
import { exampleStack, summary, type ExampleStack } from "./example-stack";

const FACES = {
  dynamic: { module: "pulumi-woodpecker", yaml: "" },
  plugin: {
    module: "pulumi-woodpecker/plugin",
    yaml: "plugins:\n  providers:\n    - name: woodpecker\n      path: ./node_modules/pulumi-woodpecker/bin\n",
  },
} as const;

/** A small program of one face, in a folder under the repository (so @pulumi/pulumi and ts-node resolve). */
function project(face: keyof typeof FACES): string {
  const dir = mkdtempSync(join(REPO_ROOT, `.e2e-nothing-lost-${face}-`));
  writeFileSync(join(dir, "Pulumi.yaml"), `name: nothing-lost-${face}\nruntime: nodejs\n${FACES[face].yaml}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `nothing-lost-${face}`, private: true, main: "index.ts" }));
  writeFileSync(
    join(dir, "index.ts"),
    [
      `import * as woodpecker from "${FACES[face].module}";`,
      'const repo = new woodpecker.Repository("app", { fullName: "acme/api" });',
      'new woodpecker.RepositorySecret("deploy", { repositoryId: repo.repositoryId, name: "deploy_token", value: "v", events: ["push"] });',
      'new woodpecker.GlobalSecret("global", { name: "sonar_token", value: "v", events: ["push"] });',
      "",
    ].join("\n"),
  );
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  return dir;
}

const managed = async (s: ExampleStack) =>
  (JSON.parse(await s.exportText()).deployment.resources ?? [])
    .filter((r: { type: string }) => /woodpecker[:/]/.test(r.type) && !r.type.startsWith("pulumi:providers"))
    .map((r: { urn: string }) => r.urn.split("::").pop())
    .sort();

for (const face of ["dynamic", "plugin"] as const) {
  describe(`the ${face} face with the real CLI`, () => {
    let s: ExampleStack;
    let front: FrontProxy;
    let dir: string;
    beforeAll(async () => {
      dir = project(face);
      s = await exampleStack(dir);
      front = await startFrontProxy(s.emu.url);
      await s.pulumi("config", "set", "woodpecker:server", front.url);
      await s.pulumi("config", "set", "woodpecker:retries", "0");
      await s.pulumi("up", "--yes", "--skip-preview");
    });
    afterAll(async () => {
      front?.answer(undefined);
      await s?.dispose();
      await front?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("refresh and destroy behind a proxy answering its own 404 fail with the message, and the stack and server keep everything", async () => {
      expect(await managed(s)).toEqual(["app", "deploy", "global"]);
      const before = await s.control("GET", "state");
      front.answer(PROXY_404);
      const refresh = await s.attempt("refresh", "--yes", "--skip-preview");
      expect(refresh.ok).toBe(false);
      expect(refresh.output).toMatch(/did not come from the Woodpecker API \(text\/plain; charset=utf-8, no X-Woodpecker-Version header\)/);
      expect(refresh.output).toMatch(/GET \/api\/repos\/\d+\/secrets\/deploy_token/);
      expect(await managed(s)).toEqual(["app", "deploy", "global"]);
      const destroy = await s.attempt("destroy", "--yes", "--skip-preview");
      expect(destroy.ok).toBe(false);
      expect(destroy.output).toMatch(/did not come from the Woodpecker API/);
      const requests = front.seen.length;
      expect(await managed(s)).toEqual(["app", "deploy", "global"]);
      front.answer(undefined);
      expect(await s.control("GET", "state")).toEqual(before);
      console.log(
        `${face}: ${requests} requests answered by the proxy during refresh + destroy; 3 resources in the stack before and after; server state unchanged`,
      );
      // The server back: refresh finds everything, nothing to do.
      expect(summary(await s.pulumi("refresh", "--yes", "--skip-preview"))).not.toHaveProperty("delete");
    });

    it("token rotation: after revoke and `pulumi config set --secret woodpecker:token`, refresh and destroy name the way out, and --run-program takes it", async () => {
      // Revoking on the server (DELETE /api/user/token rotates the user's signing hash) invalidates the old token.
      const rotated: string = await fetch(`${s.emu.url}/api/user/token`, { method: "DELETE", headers: { Authorization: `Bearer ${s.emu.adminToken}` } }).then(
        (r) => r.text(),
      );
      await s.pulumi("config", "set", "--secret", "woodpecker:token", rotated);
      const wayOut =
        /HTTP 401[\s\S]*|If you have just set a new token: `pulumi refresh` and `pulumi destroy` use the token saved at the last `pulumi up`, so run `pulumi up` first, or add --run-program/;
      // The engine configures the provider for refresh and destroy from the inputs saved at the last
      // update (the default provider's, in state), so both still send the revoked token.
      const refresh = await s.attempt("refresh", "--yes", "--skip-preview");
      expect(refresh.ok).toBe(false);
      expect(refresh.output).toMatch(/HTTP 401/);
      expect(refresh.output).toMatch(
        /If you have just set a new token: `pulumi refresh` and `pulumi destroy` use the token saved at the last `pulumi up`, so run `pulumi up` first, or add --run-program/,
      );
      const destroy = await s.attempt("destroy", "--yes", "--skip-preview");
      expect(destroy.ok).toBe(false);
      expect(destroy.output).toMatch(wayOut);
      expect(await managed(s)).toEqual(["app", "deploy", "global"]);
      // What the state holds: the default provider's saved inputs carry the token, as ciphertext only.
      const exported = await s.exportText();
      expect(exported).not.toContain(s.emu.adminToken);
      expect(exported).not.toContain(rotated);
      const saved = JSON.parse(exported)
        .deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi:providers:"))
        .map((r: any) => r.inputs);
      const tokenKey = face === "dynamic" ? "woodpecker:token" : "token";
      expect(saved.some((inputs: Record<string, any>) => typeof inputs[tokenKey]?.ciphertext === "string")).toBe(true);
      // The way out the message names.
      const viaProgram = await s.attempt("refresh", "--run-program", "--yes", "--skip-preview");
      expect(viaProgram.ok, viaProgram.output).toBe(true);
      const after = await s.attempt("destroy", "--yes", "--skip-preview");
      console.log(`${face} rotation: refresh --run-program succeeded; a plain destroy after it ${after.ok ? "succeeded" : "failed"}`);
      if (!after.ok) expect((await s.attempt("destroy", "--run-program", "--yes", "--skip-preview")).ok).toBe(true);
      expect(await managed(s)).toEqual([]);
    });
  });
}
