/**
 * The engine starts the plugin and never tells it when it dies: a CLI killed with -9 leaves the
 * plugin serving forever in its own process group. So the plugin watches its parent: once that
 * process is gone (the plugin is handed to another parent, or the pid no longer answers), it stops.
 */
export function onParentGone(stop: () => void, intervalMs = 1000): NodeJS.Timeout {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent || !alive(parent)) {
      clearInterval(timer);
      stop();
    }
  }, intervalMs);
  timer.unref(); // the watch alone never keeps the plugin running
  return timer;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
}
