import { describe, expect, it } from "vitest";
import { TestStack, useStack } from "../../test/support/stack.js";

const { emu, stack } = useStack();
const writes = async () => (await emu.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

const ENDPOINTS = {
  configExtensionEndpoint: "https://config.example.com/woodpecker",
  configExtensionExclusive: true,
  configExtensionNetrc: true,
  registryExtensionEndpoint: "https://registry-ext.example.com",
  registryExtensionNetrc: true,
  secretExtensionEndpoint: "http://secrets.internal:8080/api",
  secretExtensionNetrc: false,
};

describe("Repository extension endpoints", () => {
  it("are set with the settings update and read back, then cleared with empty values", async () => {
    const repo = await stack.up("Repository", "api", { fullName: "acme/api", ...ENDPOINTS });
    expect(repo.outputs).toMatchObject(ENDPOINTS);
    const id = repo.outputs.repositoryId;
    expect(await emu.client().get(`/repos/${id}`)).toMatchObject({
      config_extension_endpoint: ENDPOINTS.configExtensionEndpoint,
      config_extension_exclusive: true,
      config_extension_netrc: true,
      registry_extension_endpoint: ENDPOINTS.registryExtensionEndpoint,
      registry_extension_netrc: true,
      secret_extension_endpoint: ENDPOINTS.secretExtensionEndpoint,
      secret_extension_netrc: false,
    });
    const cleared = {
      fullName: "acme/api",
      configExtensionEndpoint: "",
      registryExtensionEndpoint: "",
      secretExtensionEndpoint: "",
      configExtensionExclusive: false,
    };
    const updated = await stack.up("Repository", "api", cleared, repo);
    expect(updated.step).toBe("update");
    expect(await emu.client().get(`/repos/${id}`)).toMatchObject({
      config_extension_endpoint: "",
      registry_extension_endpoint: "",
      secret_extension_endpoint: "",
      config_extension_exclusive: false,
    });
  });

  it("are refused at check unless empty or an absolute http(s) URL, before any request", async () => {
    await emu.clearRequests();
    for (const bad of ["ftp://config.example.com", "/relative/path", "config.example.com"]) {
      expect(await stack.failures("Repository", { fullName: "acme/api", configExtensionEndpoint: bad }), bad).toEqual([
        { property: "configExtensionEndpoint", reason: expect.stringContaining("expected an absolute http(s) URL, or empty for none") },
      ]);
    }
    expect(await stack.failures("Repository", { fullName: "acme/api", secretExtensionEndpoint: "mailto:x@example.com" })).toEqual([
      { property: "secretExtensionEndpoint", reason: expect.stringContaining("http(s) URL") },
    ]);
    expect(await writes()).toEqual([]);
  });

  it("on a server older than the release that has them, are refused naming the field and both versions, with no write", async () => {
    await emu.control("POST", "options", { version: "3.13.0" });
    const older = await TestStack.start(emu);
    try {
      await emu.clearRequests();
      await expect(older.up("Repository", "api", { fullName: "acme/api", secretExtensionEndpoint: "https://s.example.com" })).rejects.toThrow(
        /secretExtensionEndpoint needs Woodpecker 3.14.0 or newer \(or a development build\); this server is 3.13.0/,
      );
      expect(await writes()).toEqual([]);
      // config_extension_endpoint alone is older (v3.11.0): accepted on 3.13.0.
      const repo = await older.up("Repository", "api", { fullName: "acme/api", configExtensionEndpoint: "https://c.example.com" });
      expect(repo.outputs.configExtensionEndpoint).toBe("https://c.example.com");
    } finally {
      await older.host.close();
    }
  });
});
