import { beforeEach, describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();
let steps: { id: number; state: string }[] = [];
beforeEach(async () => {
  await c.admin("POST", "/api/repos?forge_remote_id=101"); // acme/api (1): alice may push
  await c.admin("POST", "/api/repos?forge_remote_id=103"); // acme/infra (2): alice has no access
  await c.control("POST", "seed", {
    pipelines: [
      { repoId: 1, status: "success" }, // 1
      {
        repoId: 1,
        status: "running",
        workflows: [
          {
            name: "w",
            children: [
              { name: "done", state: "success" },
              { name: "busy", state: "running" },
            ],
          },
        ],
      }, // 2
    ],
  });
  steps = (await c.admin("GET", "/api/repos/1/pipelines/2")).json.workflows[0].children;
});

describe("step logs (no log lines are ever written)", () => {
  it("GET: null for a step of the pipeline; 404 for another pipeline's step; 400 for bad numbers", async () => {
    const r = await c.alice("GET", `/api/repos/1/logs/2/${steps[0].id}`);
    expect([r.status, r.text]).toEqual([200, "null"]);
    expect((await c.admin("GET", `/api/repos/1/logs/1/${steps[0].id}`)).status).toBe(404);
    expect((await c.admin("GET", "/api/repos/1/logs/9/1")).status).toBe(404);
    expect((await c.admin("GET", "/api/repos/1/logs/x/1")).status).toBe(400);
    expect((await c.admin("GET", "/api/repos/1/logs/2/x")).status).toBe(400);
    expect((await c.alice("GET", "/api/repos/2/logs/1/1")).status).toBe(404);
  });

  it("DELETE a step's logs: 204, but 422 while the step runs", async () => {
    const d = await c.alice("DELETE", `/api/repos/1/logs/2/${steps[0].id}`);
    expect([d.status, d.text]).toEqual([204, ""]);
    const busy = await c.admin("DELETE", `/api/repos/1/logs/2/${steps[1].id}`);
    expect([busy.status, busy.text]).toEqual([422, "Cannot delete logs for a pending or running step"]);
    expect((await c.call("DELETE", `/api/repos/1/logs/2/${steps[0].id}`)).status).toBe(401);
  });

  it("DELETE a pipeline's logs: 204 when finished, 422 while running, 404 for a missing or unparsable number", async () => {
    expect((await c.admin("DELETE", "/api/repos/1/logs/1")).status).toBe(204);
    const running = await c.admin("DELETE", "/api/repos/1/logs/2");
    expect([running.status, running.text]).toEqual([422, "Cannot delete logs for pipeline with status running"]);
    expect((await c.admin("DELETE", "/api/repos/1/logs/9")).status).toBe(404);
    expect((await c.admin("DELETE", "/api/repos/1/logs/x")).status).toBe(404);
  });
});
