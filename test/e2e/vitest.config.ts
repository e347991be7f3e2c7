import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The real end-to-end suite: real Woodpecker server + real Pulumi CLI, built by scripts/e2e/*.sh.
// Run with: npx vitest run -c test/e2e/vitest.config.ts
// Cold builds take many minutes, so the hooks that build get long timeouts; a warm cache is quick.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/e2e/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 5 * 60_000,
    hookTimeout: 60 * 60_000,
    pool: "forks",
    // one file at a time: each starts servers and the builds share 2 cores
    fileParallelism: false,
    maxWorkers: 1,
  },
});
