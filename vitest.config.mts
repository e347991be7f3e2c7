import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "provider/**/*.test.ts", "emulator/**/*.test.ts", "sdk/**/*.test.ts", "policy/**/*.test.ts", "cli/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**", "dist/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start their own emulator on port 0 and host processes; two cores want few forks.
    pool: "forks",
    maxWorkers: 2,
  },
});
