// The task queue (server/api/queue.go), admin only. No agent ever connects to the emulator and no
// pipeline is ever queued, so the queue is always empty; only its paused flag is state.
import type { App } from "../state.js";
import { mustAdmin } from "../auth.js";
import { empty } from "../http.js";

export function registerQueue(app: App): void {
  let paused = false;

  app.on("GET", "/api/queue/info", mustAdmin, () => {
    const info = {
      pending: [],
      waiting_on_deps: [],
      running: [],
      stats: { worker_count: 0, pending_count: 0, waiting_on_deps_count: 0, running_count: 0 },
      paused,
    };
    // gin's c.IndentedJSON: four-space indentation
    return { status: 200, body: JSON.stringify(info, null, 4), contentType: "application/json; charset=utf-8" };
  });
  app.on("POST", "/api/queue/pause", mustAdmin, () => {
    paused = true;
    return empty(204);
  });
  app.on("POST", "/api/queue/resume", mustAdmin, () => {
    paused = false;
    return empty(204);
  });
  // Waits until nothing runs: nothing ever does.
  app.on("GET", "/api/queue/norunningpipelines", mustAdmin, () => empty(204));
}
