import { describe, expect, it } from "vitest";
import { useTestClient } from "../test/support/emulator-client.js";

const c = useTestClient();

describe("queue (admin)", () => {
  it("info: an empty queue as indented JSON; pause and resume flip `paused`", async () => {
    const info = await c.admin("GET", "/api/queue/info");
    expect(info.status).toBe(200);
    expect(info.contentType).toBe("application/json; charset=utf-8");
    expect(info.text).toBe(
      '{\n    "pending": [],\n    "waiting_on_deps": [],\n    "running": [],\n    "stats": {\n        "worker_count": 0,\n        "pending_count": 0,\n        "waiting_on_deps_count": 0,\n        "running_count": 0\n    },\n    "paused": false\n}',
    );
    expect((await c.admin("POST", "/api/queue/pause")).status).toBe(204);
    expect((await c.admin("GET", "/api/queue/info")).json.paused).toBe(true);
    expect((await c.admin("POST", "/api/queue/resume")).status).toBe(204);
    expect((await c.admin("GET", "/api/queue/info")).json.paused).toBe(false);
  });

  it("norunningpipelines returns at once: nothing runs", async () => {
    const r = await c.admin("GET", "/api/queue/norunningpipelines");
    expect([r.status, r.text]).toEqual([204, ""]);
  });

  it("403 to a user, 401 to nobody", async () => {
    for (const [m, p] of [
      ["GET", "/api/queue/info"],
      ["POST", "/api/queue/pause"],
      ["POST", "/api/queue/resume"],
      ["GET", "/api/queue/norunningpipelines"],
    ]) {
      expect((await c.alice(m, p)).status, `${m} ${p}`).toBe(403);
      expect((await c.call(m, p)).status, `${m} ${p}`).toBe(401);
    }
    expect((await c.admin("GET", "/api/queue/info")).json.paused).toBe(false);
  });
});
