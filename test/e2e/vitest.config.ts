import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The real end-to-end suite, run with the real Pulumi CLI built by scripts/e2e/build-pulumi.sh.
//   npm run test:e2e              everything that can pass on a fresh machine here: the CLI smoke tests,
//                                 the examples run by the CLI against the emulator, the fake Gitea
//   npm run test:e2e:real-server  (E2E_REAL_SERVER=1) the files test/e2e/real-server.*.test.ts, which need
//                                 a real woodpecker-server (WOODPECKER_SERVER_BIN); they fail without one
// Cold builds take many minutes, so the hooks that build get long timeouts; a warm cache is quick.
const realServer = ["test/e2e/real-server.*.test.ts"];
const onlyRealServer = !!process.env.E2E_REAL_SERVER;

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: onlyRealServer ? realServer : ["test/e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", "dist/**", ...(onlyRealServer ? [] : realServer)],
    testTimeout: 5 * 60_000,
    hookTimeout: 60 * 60_000,
    pool: "forks",
    // one file at a time: each starts servers and the builds share 2 cores
    fileParallelism: false,
    maxWorkers: 1,
  },
});
