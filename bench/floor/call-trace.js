"use strict";
/**
 * Bench only (never shipped): a trace of the gRPC calls the plugin answers, for bench/sets.ts's
 * "where the time goes". `install(file)` wraps the handlers the plugin's server registers, so the
 * plugin is the shipped one and only the timing is added: one JSON line per process (its start,
 * from performance.timeOrigin) and one per answered call (method, start and end, epoch ms),
 * appended as it happens because the engine ends the plugin without warning.
 * Plain JS so that the bench's plugin wrappers load it without a build step.
 */
const { appendFileSync } = require("node:fs");
const path = require("node:path");
const { performance } = require("node:perf_hooks");

const root = path.resolve(__dirname, "../..");

function install(file) {
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.join(root, "dist/provider/plugin")] }));
  const write = (record) => appendFileSync(file, `${JSON.stringify(record)}\n`);
  write({ process: process.pid, started: performance.timeOrigin, loaded: Date.now() });
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const traced = {};
    for (const [method, handler] of Object.entries(implementation)) {
      traced[method] =
        typeof handler !== "function"
          ? handler
          : (call, callback) => {
              const start = Date.now();
              handler(call, (...answer) => {
                write({ process: process.pid, method, start, end: Date.now() });
                callback(...answer);
              });
            };
    }
    return addService.call(this, service, traced);
  };
  const bindAsync = grpc.Server.prototype.bindAsync;
  grpc.Server.prototype.bindAsync = function (address, credentials, done) {
    return bindAsync.call(this, address, credentials, (...result) => {
      write({ process: process.pid, listening: Date.now() });
      done(...result);
    });
  };
}

module.exports = { install };
