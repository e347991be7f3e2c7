import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { WoodpeckerClient } from "../../provider/client/client.js";
import { bypassesProxy } from "../../provider/client/connection.js";
import { SUPPORTED_SERVERS } from "../../provider/client/versions.js";
import { resolveConfig } from "../../provider/config.js";
import { invoke } from "../../provider/functions/runner.js";
import { defineFunction } from "../../provider/functions/spec.js";
import { EmulatorFixture } from "../support/emulator.js";
import { startProxy, type TestProxy } from "../support/proxy.js";
import { TestStack } from "../support/stack.js";
import { makeTestCa, type TestCa } from "../support/tls.js";
import { failure } from "../support/failure.js";

// Everything on 127.0.0.1: an emulator behind TLS with a certificate from a CA made for this run,
// a plain one, and forward proxies started per test.
let ca: TestCa;
let tlsEmu: Emulator;
let plain: EmulatorFixture;
beforeAll(async () => {
  ca = makeTestCa();
  tlsEmu = await startEmulator({ tls: { key: ca.key, cert: ca.cert } });
  plain = await EmulatorFixture.start();
});
afterAll(async () => {
  await tlsEmu?.close();
  await plain?.close();
  ca?.remove();
});

let open: { close(): Promise<void> }[] = [];
beforeEach(() => plain.reset());
afterEach(async () => {
  await Promise.all(open.map((thing) => thing.close()));
  open = [];
});

/** A client as the provider makes one: from stack config and an environment, with its warnings collected. */
function connect(stack: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const warnings: string[] = [];
  const client = new WoodpeckerClient({ ...resolveConfig({ "woodpecker:retries": "0", ...stack }, env), warn: (message) => warnings.push(message) });
  open.push(client);
  return { client, warnings };
}
const overTls = (stack: Record<string, unknown> = {}, env?: NodeJS.ProcessEnv) =>
  connect({ "woodpecker:server": tlsEmu.url, "woodpecker:token": tlsEmu.adminToken, ...stack }, env);
const overHttp = (stack: Record<string, unknown> = {}, env?: NodeJS.ProcessEnv) =>
  connect({ "woodpecker:server": plain.url, "woodpecker:token": plain.emulator.adminToken, ...stack }, env);

async function proxy(options?: Parameters<typeof startProxy>[0]): Promise<TestProxy> {
  const started = await startProxy(options);
  open.push(started);
  return started;
}

describe("a server whose certificate a private CA issued", () => {
  it("is refused without woodpecker:caCert, with an error that says how to trust the CA", async () => {
    const { client } = overTls();
    const error = await failure(client.get("/user"));
    expect(error.reason).toBe("connection");
    expect(error.message).toMatch(/certificate is not trusted.*set woodpecker:caCert to the CA certificate/);
    expect(error.message).not.toContain(tlsEmu.adminToken);
  });

  it("is trusted through woodpecker:caCert, as a file path or as the PEM text", async () => {
    for (const caCert of [ca.caFile, ca.caPem]) {
      const { client, warnings } = overTls({ "woodpecker:caCert": caCert });
      expect(await client.get("/user")).toMatchObject({ login: "admin" });
      expect(warnings).toEqual([]);
    }
  });

  it("is still refused when woodpecker:caCert holds another CA: the key adds trust, it does not turn checking off", async () => {
    const other = makeTestCa();
    try {
      const { client } = overTls({ "woodpecker:caCert": other.caFile });
      expect((await failure(client.get("/user"))).message).toMatch(/certificate is not trusted/);
    } finally {
      other.remove();
    }
  });

  it("is accepted with woodpecker:skipVerify (or WOODPECKER_SKIP_VERIFY), which warns once per client", async () => {
    for (const [stack, env] of [
      [{ "woodpecker:skipVerify": "true" }, {}],
      [{}, { WOODPECKER_SKIP_VERIFY: "1" }],
    ] as const) {
      const { client, warnings } = overTls(stack, env);
      expect(await client.get("/user")).toMatchObject({ login: "admin" });
      await client.get("/user");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`woodpecker:skipVerify is on: the certificate of ${tlsEmu.url} is not verified.*woodpecker:caCert`));
    }
    expect(overTls({ "woodpecker:skipVerify": "false" }).warnings).toEqual([]);
  });

  it("skipVerify warns in the provider host's output on every run, once, and the resources work", async () => {
    const stack = await TestStack.start(tlsEmu, "admin", { config: { "woodpecker:skipVerify": "true" } });
    try {
      await stack.up("User", "bob", { login: "bob", email: "bob@example.test" });
      await stack.up("GlobalSecret", "deploy", { name: "deploy", value: "v", events: ["push"] });
      expect(stack.host.stderr().match(/warning: woodpecker:skipVerify is on/g)).toHaveLength(1);
      expect(stack.host.stderr()).not.toContain(tlsEmu.adminToken);
    } finally {
      await stack.host.close();
    }
  });
});

describe("bad connection settings", () => {
  const resolve =
    (stack: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
    () =>
      resolveConfig({ "woodpecker:server": "https://ci.example.com", ...stack }, env);

  it("fail in the configuration, naming the key and the fix", () => {
    const missing = path.join(ca.dir, "nope.pem");
    expect(resolve({ "woodpecker:caCert": missing })).toThrow(
      `woodpecker:caCert: there is no file ${missing}; set woodpecker:caCert to the path of the CA's PEM file or to the PEM text itself`,
    );
    const empty = path.join(ca.dir, "empty.pem");
    writeFileSync(empty, "just some text\n");
    expect(resolve({ "woodpecker:caCert": empty })).toThrow(`woodpecker:caCert: ${empty} holds no PEM certificate; set woodpecker:caCert`);
    expect(resolve({ "woodpecker:caCert": ca.dir })).toThrow(/woodpecker:caCert: there is no file/);
    const broken = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";
    expect(resolve({ "woodpecker:caCert": broken })).toThrow(/woodpecker:caCert: certificate 1 in its value does not parse .*set woodpecker:caCert/);
    expect(resolve({ "woodpecker:caCert": ca.key })).toThrow(/woodpecker:caCert: its value holds no PEM certificate/);
    expect(resolve({ "woodpecker:skipVerify": "maybe" })).toThrow('woodpecker:skipVerify must be true or false, got "maybe"');
    expect(resolve({ "woodpecker:proxy": "http://[::1" })).toThrow(
      "woodpecker:proxy is not a proxy URL (it does not parse); set woodpecker:proxy to a URL such as http://proxy.example.com:3128",
    );
    expect(resolve({ "woodpecker:proxy": "socks4://proxy:1080" })).toThrow(
      /woodpecker:proxy: "socks4:\/\/proxy:1080" is not an http:\/\/ or https:\/\/ proxy URL/,
    );
    expect(resolve({}, { HTTPS_PROXY: "http://user:pw@[bad" })).toThrow(/^HTTPS_PROXY is not a proxy URL \(it does not parse\); set HTTPS_PROXY to a URL/);
    expect(resolve({ "woodpecker:proxy": "ftp://user:s3cret@proxy:2121" })).toThrow(/"ftp:\/\/user:\*\*\*@proxy:2121" is not an http/);
  });

  it("reach the provider before any request to the server", async () => {
    const stack = await TestStack.start(plain, "admin", { config: { "woodpecker:caCert": path.join(ca.dir, "nope.pem") } });
    try {
      await plain.clearRequests();
      await expect(stack.up("User", "bob", { login: "bob" })).rejects.toThrow(/woodpecker:caCert: there is no file/);
      expect(await plain.requests()).toEqual([]);
    } finally {
      await stack.host.close();
    }
  });

  it("a proxy without a scheme is an http:// proxy, as curl takes it", () => {
    expect(resolve({ "woodpecker:proxy": "proxy.example.com:3128" })()).toMatchObject({
      proxy: "http://proxy.example.com:3128/",
      proxySource: "woodpecker:proxy",
    });
  });
});

describe("proxies", () => {
  it("woodpecker:proxy tunnels https requests with CONNECT, the server's certificate still checked end to end", async () => {
    const through = await proxy();
    const { client } = overTls({ "woodpecker:proxy": through.url, "woodpecker:caCert": ca.caFile });
    expect(await client.get("/user")).toMatchObject({ login: "admin" });
    const target = new URL(tlsEmu.url).host;
    expect(through.seen.length).toBeGreaterThan(0);
    expect(through.seen.every((r) => r.method === "CONNECT" && r.target === target)).toBe(true);
    const untrusted = overTls({ "woodpecker:proxy": through.url }).client;
    expect((await failure(untrusted.get("/user"))).message).toMatch(/certificate is not trusted/);
  });

  it("trusts an https:// proxy as it trusts the server: through woodpecker:caCert", async () => {
    const secure = await proxy({ tls: { key: ca.key, cert: ca.cert } });
    const { client } = overTls({ "woodpecker:proxy": secure.url, "woodpecker:caCert": ca.caFile });
    expect(await client.get("/user")).toMatchObject({ login: "admin" });
    expect(secure.seen.map((r) => r.method)).toContain("CONNECT");
    const error = await failure(overHttp({ "woodpecker:proxy": secure.url }).client.get("/user"));
    expect(error.message).toMatch(/certificate is not trusted/);
  });

  it("sends plain http requests to the proxy with their absolute URI", async () => {
    const through = await proxy();
    const { client } = overHttp({ "woodpecker:proxy": through.url });
    expect(await client.get("/user")).toMatchObject({ login: "admin" });
    expect(through.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`GET ${plain.url}/version`, `GET ${plain.url}/api/user`]);
  });

  it("reads HTTPS_PROXY for an https server and HTTP_PROXY for an http one, without falling back from one to the other", async () => {
    const through = await proxy();
    expect(await overTls({ "woodpecker:caCert": ca.caPem }, { HTTPS_PROXY: through.url }).client.get("/user")).toMatchObject({ login: "admin" });
    expect(through.seen.filter((r) => r.method === "CONNECT").length).toBeGreaterThan(0);
    through.seen.length = 0;
    await overTls({ "woodpecker:caCert": ca.caPem }, { https_proxy: through.url }).client.get("/user");
    expect(through.seen.length).toBeGreaterThan(0);
    through.seen.length = 0;
    await overTls({ "woodpecker:caCert": ca.caPem }, { HTTP_PROXY: through.url }).client.get("/user");
    expect(through.seen).toEqual([]);
    await overHttp({}, { HTTP_PROXY: through.url }).client.get("/user");
    expect(through.seen.map((r) => r.target)).toContain(`${plain.url}/api/user`);
  });

  it("goes direct for hosts NO_PROXY lists, and through the proxy for others", async () => {
    const through = await proxy();
    const port = new URL(plain.url).port;
    for (const noProxy of ["127.0.0.1", "*", "example.com, 127.0.0.0/8", `127.0.0.1:${port}`]) {
      await overHttp({}, { HTTP_PROXY: through.url, NO_PROXY: noProxy }).client.get("/user");
    }
    await overHttp({}, { HTTP_PROXY: through.url, no_proxy: "127.0.0.1" }).client.get("/user");
    // An empty variable is unset, as Go reads it: an empty no_proxy does not hide NO_PROXY.
    await overHttp({}, { HTTP_PROXY: through.url, no_proxy: "", NO_PROXY: "127.0.0.1" }).client.get("/user");
    expect(through.seen).toEqual([]);
    // ...and an empty http_proxy is no proxy: HTTP_PROXY applies.
    await overHttp({}, { http_proxy: "", HTTP_PROXY: through.url }).client.get("/user");
    expect(through.seen.length).toBeGreaterThan(0);
    through.seen.length = 0;
    await overHttp({}, { HTTP_PROXY: through.url, NO_PROXY: "localhost,10.0.0.0/8,127.0.0.1:1" }).client.get("/user");
    expect(through.seen.length).toBeGreaterThan(0);
  });

  it("woodpecker:proxy is for this server: it applies even where the environment would go direct", async () => {
    const through = await proxy();
    await overHttp({ "woodpecker:proxy": through.url }, { NO_PROXY: "*" }).client.get("/user");
    expect(through.seen.length).toBeGreaterThan(0);
  });

  it("sends credentials in the proxy URL as Proxy-Authorization, and keeps them out of messages", async () => {
    const through = await proxy();
    const withLogin = through.url.replace("http://", "http://builder:pa55word@");
    await overHttp({ "woodpecker:proxy": withLogin }).client.get("/user");
    expect(through.seen[0]!.headers["proxy-authorization"]).toBe(`Basic ${Buffer.from("builder:pa55word").toString("base64")}`);
    await through.close();
    const error = await failure(overHttp({ "woodpecker:proxy": withLogin }).client.get("/user"));
    expect(error.message).toContain(`no answer through the proxy ${through.url.replace("http://", "http://builder:***@")} (from woodpecker:proxy)`);
    expect(error.message).not.toContain("pa55word");
  });

  it("names an unreachable proxy and the key or variable that set it, not the server", async () => {
    const gone = await startProxy();
    await gone.close();
    const fromKey = await failure(overTls({ "woodpecker:proxy": gone.url, "woodpecker:caCert": ca.caFile }).client.get("/user"));
    expect(fromKey.reason).toBe("connection");
    expect(fromKey.message).toMatch(
      new RegExp(
        `no answer through the proxy ${gone.url} \\(from woodpecker:proxy\\); check that the proxy is running and reachable, or correct woodpecker:proxy`,
      ),
    );
    expect(fromKey.message).not.toContain(tlsEmu.adminToken);
    const fromEnv = await failure(overTls({}, { HTTPS_PROXY: gone.url }).client.get("/user"));
    expect(fromEnv.message).toMatch(/\(from HTTPS_PROXY\); check .* or correct HTTPS_PROXY/);
  });

  it("names a proxy that refuses the tunnel", async () => {
    const strict = await proxy({ refuse: 403 });
    const error = await failure(overTls({ "woodpecker:proxy": strict.url, "woodpecker:caCert": ca.caFile }).client.get("/user"));
    expect(error.message).toMatch(
      new RegExp(`the proxy ${strict.url} \\(from woodpecker:proxy\\) refused to connect to the server \\(Proxy response \\(403\\)`),
    );
  });

  it("NO_PROXY matching follows curl and Go", () => {
    const cases: [string, string, boolean][] = [
      ["https://ci.example.com", "example.com", true],
      ["https://ci.example.com", ".example.com", true],
      ["https://ci.example.com", "*.example.com", true],
      ["https://example.com", ".example.com", true],
      ["https://ci.example.com", "ci.example.co", false],
      ["https://notexample.com", "example.com", false],
      ["https://ci.example.com:8443", "ci.example.com:443", false],
      ["https://ci.example.com", "ci.example.com:443", true],
      ["http://ci.example.com", "ci.example.com:80", true],
      ["https://CI.Example.com", "ci.example.COM", true],
      ["http://10.1.2.3:8000", "10.0.0.0/8", true],
      ["http://10.1.2.3:8000", "10.1.2.4", false],
      ["http://[::1]:8000", "::1", true],
      ["http://[fd00::5]:8000", "fd00::/8", true],
      ["https://ci.example.com", "", false],
      ["https://ci.example.com", "a.com  b.org,*", true],
    ];
    for (const [server, noProxy, bypass] of cases) expect([server, noProxy, bypassesProxy(new URL(server), noProxy)]).toEqual([server, noProxy, bypass]);
  });
});

describe("the server's version", () => {
  const setVersion = (version: string) => plain.control("POST", "options", { version });
  const { tested, from, before } = SUPPORTED_SERVERS;

  it(`is read once per client, and a server older than v${from} gets one warning, however many requests`, async () => {
    await setVersion("2.8.0");
    const { client, warnings } = overHttp();
    await plain.clearRequests();
    await Promise.all([client.get("/user"), client.get("/user"), client.list("/secrets")]);
    await client.get("/user");
    expect(warnings).toEqual([
      `the Woodpecker server ${plain.url} is 2.8.0, older than this provider supports (v${from} and later v3 releases; tested on v${tested}): requests may fail or fields be dropped by the server; upgrade the server`,
    ]);
    expect((await plain.requests()).filter((r) => r.path === "/version")).toHaveLength(1);
  });

  it(`warns about a server of v${before} or later, and not about supported releases or development builds`, async () => {
    await setVersion("4.0.0");
    const newer = overHttp();
    await newer.client.get("/user");
    expect(newer.warnings).toEqual([
      expect.stringMatching(/is 4\.0\.0, a major version this provider does not support yet .*check for a newer pulumi-woodpecker/),
    ]);
    for (const version of ["3.0.0", "3.10.0", "3.16.0", "3.17.0", "v3.17.2", "3.18.0", "3.21.0", "next-1a2b3c4d", "dev"]) {
      await setVersion(version);
      const { client, warnings } = overHttp();
      await client.get("/user");
      expect([version, warnings]).toEqual([version, []]);
    }
  });

  it("warns in the provider host's output once per run", async () => {
    await setVersion("2.8.0");
    const stack = await TestStack.start(plain);
    try {
      await stack.up("User", "bob", { login: "bob", email: "bob@example.test" });
      await stack.up("GlobalSecret", "deploy", { name: "deploy", value: "v", events: ["push"] });
      expect(stack.host.stderr().match(/warning: the Woodpecker server \S+ is 2\.8\.0, older than this provider supports/g)).toHaveLength(1);
    } finally {
      await stack.host.close();
    }
  });

  it("a function argument that needs a newer server is refused before the function's first request", async () => {
    const getNewThing = defineFunction({
      name: "getNewThing",
      doc: "A function with an argument older servers ignore.",
      args: { filter: { schema: z.string().default(""), doc: "Filter.", since: "3.18.0" } },
      result: z.object({ login: z.string() }),
      run: (client) => client.get("/user"),
    });
    const { client } = overHttp();
    await plain.clearRequests();
    await expect(invoke(getNewThing, { filter: "x" }, client)).rejects.toThrow(
      "getNewThing: filter needs Woodpecker 3.18.0 or newer (or a development build); this server is 3.17.0",
    );
    expect((await plain.requests()).map((r) => r.path)).toEqual(["/version"]);
    expect(await invoke(getNewThing, {}, client)).toEqual({ login: "admin" });
    await setVersion("3.18.0");
    expect(await invoke(getNewThing, { filter: "x" }, overHttp().client)).toEqual({ login: "admin" });
  });
});
