// kill -9 of the REAL Pulumi CLI in the middle of `pulumi up` of 60 agents through the provider
// plugin, while the server is slow to write them (each POST /api/agents acts 1.5 s late, so creates
// are in flight when the CLI dies and land after it). Then what a user does, step by step, each
// step's way out printed by the tools: no duplicate agent, no orphan, state == server.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { exampleStack, type ExampleStack } from "./example-stack";

const COUNT = 60;
const PROGRAM = join(REPO_ROOT, "test/e2e/programs/many-agents");

describe("kill -9 of the CLI during up of 60 agents, then the way out", () => {
  let s: ExampleStack;
  beforeAll(async () => {
    s = await exampleStack(PROGRAM);
    await s.pulumi("config", "set", "count", String(COUNT));
  });
  /** Processes this test started that outlive it if an assertion fails first (the CLI, its language host). */
  const started: number[] = [];
  afterAll(async () => {
    for (const pid of started) if (running(pid)) process.kill(pid, "SIGKILL");
    await s?.dispose();
  });

  const agents = async () => [...((await s.api("GET", "/agents?perPage=50&page=1")) ?? []), ...((await s.api("GET", "/agents?perPage=50&page=2")) ?? [])];
  const inState = async () => JSON.parse(await s.exportText()).deployment;
  const log = (step: string, text: string) => console.log(`--- ${step}\n${text.trim()}\n`);
  const posts = async () =>
    (await s.control("GET", "requests")).filter((q: { method: string; path: string }) => q.method === "POST" && q.path === "/api/agents").length;
  /** Live (not zombie) processes whose parent is `ppid` and whose command line names `name`. */
  const children = (ppid: number, name: string) =>
    readdirSync("/proc")
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
          const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          return Number(parent) === ppid && state !== "Z" && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(name);
        } catch {
          return false;
        }
      })
      .map(Number);
  const running = (pid: number) => {
    try {
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
      return false;
    }
  };

  it("ends with exactly the declared agents, each in state, after the steps the tools name", async () => {
    await s.control("POST", "faults", { rules: [{ method: "POST", path: "^/api/agents$", latencyMs: 1500 }] });
    // 1. `pulumi up`, killed with -9 once some agents exist on the server.
    const up = spawn(join(s.ws.binDir, "pulumi"), ["up", "--yes", "--skip-preview", "--stack", s.stack, "--non-interactive"], {
      cwd: s.dir,
      env: s.ws.env,
      stdio: "ignore",
    });
    started.push(up.pid!);
    const exited = new Promise((resolve) => up.once("exit", resolve));
    const since = Date.now();
    while ((await agents()).length < 12 && Date.now() - since < 120_000) await new Promise((r) => setTimeout(r, 100));
    const plugins = children(up.pid!, "pulumi-resource-woodpecker");
    const languageHosts = children(up.pid!, "pulumi-language-nodejs");
    started.push(...languageHosts);
    expect(plugins.length).toBeGreaterThan(0);
    up.kill("SIGKILL");
    await exited;
    const atKill = (await agents()).length;
    await new Promise((r) => setTimeout(r, 3000)); // creates in flight land on the server after the CLI died
    // The plugin notices its engine is gone (it runs in its own process group, so the kill missed it).
    for (const deadline = Date.now() + 15_000; plugins.some(running) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 200));
    expect(plugins.filter(running), "plugins still running after the CLI was killed").toEqual([]);
    // The CLI's own language host is not ours to change: say whether it outlived the CLI.
    const leftHosts = languageHosts.filter(running);
    await s.control("DELETE", "faults");
    // 1b. A kill while the file backend rewrites the stack's metadata sidecar leaves it empty, and the
    //     CLI then refuses to load the stack ("failed to load checkpoint: EOF"); the checkpoint itself
    //     is renamed into place whole. The way out the README gives: delete the empty sidecar.
    const loaded = await s.attempt("stack", "export");
    if (!loaded.ok) {
      expect(loaded.output).toContain("failed to load checkpoint: EOF");
      const sidecar = join(s.ws.backendDir, ".pulumi/stacks/woodpecker-many-agents", `${s.stack}.json.attrs`);
      expect(statSync(sidecar).size, `${sidecar} is the cut-off file`).toBe(0);
      rmSync(sidecar);
      log("after kill -9: the stack's metadata sidecar was cut off", `${loaded.output}\nremoved the empty ${sidecar}`);
    }
    const afterKill = await agents();
    const killed = await inState();
    const recorded = killed.resources.filter((r: { type: string }) => r.type === "woodpecker:index:Agent");
    log(
      "after kill -9",
      `server agents at the kill: ${atKill}, 3 s later: ${afterKill.length}; agents in state: ${recorded.length}; pending operations: ${(killed.pending_operations ?? []).length}; POST /api/agents sent: ${await posts()}; plugin processes ${plugins.join(", ")} gone; the CLI's language host ${languageHosts.join(", ")} ${leftHosts.length ? "still running" : "gone"}`,
    );
    expect(afterKill.length).toBeGreaterThan(recorded.length); // creates the state does not hold
    expect(afterKill.length).toBeLessThan(COUNT);

    // 2. `pulumi cancel`: what the file backend says about it.
    const cancel = await s.attempt("cancel", "--yes");
    log(`pulumi cancel (${cancel.ok ? "ok" : "failed"})`, cancel.output);

    // 3. A plain `pulumi up`: the CLI reports the interrupted creates; the provider refuses each agent
    //    the server already has, naming `adopt: true`; none is created twice.
    const plain = await s.attempt("up", "--yes", "--skip-preview");
    log(`plain pulumi up (${plain.ok ? "ok" : "failed"})`, plain.output);
    const afterPlain = await agents();
    expect(new Set(afterPlain.map((a: { name: string }) => a.name)).size).toBe(afterPlain.length);
    expect(plain.ok).toBe(false);
    expect(plain.output).toContain("interrupted while creating");
    expect(plain.output).toMatch(/agent "agent-\d+": it already exists on the server\. To manage the existing object with Pulumi, add `adopt: true`/);

    // 4. What the message says: add `adopt: true`, run `pulumi up` again.
    await s.pulumi("config", "set", "adopt", "true");
    const adopted = await s.attempt("up", "--yes", "--skip-preview");
    log(`pulumi up with adopt: true (${adopted.ok ? "ok" : "failed"})`, adopted.output);
    expect(adopted.ok).toBe(true);
    // 5. Taking adopt out again changes nothing.
    await s.pulumi("config", "rm", "adopt");
    await s.pulumi("preview", "--expect-no-changes");

    const final = await agents();
    const state = (await inState()).resources.filter((r: { type: string }) => r.type === "woodpecker:index:Agent");
    log(
      "end",
      `server agents: ${final.length} (distinct names ${new Set(final.map((a: { name: string }) => a.name)).size}); agents in state: ${state.length}; POST /api/agents sent in all: ${await posts()}`,
    );
    expect(await posts()).toBe(COUNT); // one POST per agent: a refused rerun posts nothing
    expect(final.map((a: { name: string }) => a.name).sort()).toEqual(Array.from({ length: COUNT }, (_, i) => `agent-${i}`).sort());
    expect(state.map((r: { outputs: { agentId: number } }) => r.outputs.agentId).sort()).toEqual(final.map((a: { id: number }) => a.id).sort());
  });
});
