import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { pluginTypeToken, typeToken } from "../provider/engine/spec.js";
import { PACK_NAME, policies } from "./policies.js";
import { inProcessAnalyzer, secret, UNKNOWN, urnOf, type Resource, type Result } from "../test/support/policy.js";

// Every case goes through @pulumi/policy's own analyzer code (makeAnalyzeRpcFun /
// makeAnalyzeStackRpcFun, protobuf requests, the unknown-checking proxy, enforcement levels).

const SECRET_VALUE = "s3cr3t-VALUE-d0-not-echo-9f2c71";
const PASSWORD = "registry-PASSWORD-d0-not-echo-41aa";
const analyzer = inProcessAnalyzer(PACK_NAME, "0.1.0", policies);

const seen: string[] = [];
const record = (result: Result) => {
  for (const d of result.diagnostics) seen.push(d.message);
  for (const n of result.notApplicable) seen.push(n.reason);
  return result;
};
const analyze = async (r: Resource) => record(await analyzer.analyze(r));
const analyzeStack = async (rs: Resource[]) => record(await analyzer.analyzeStack(rs));
const of = (result: Result, policy: string) => result.diagnostics.filter((d) => d.policyName === policy);

afterAll(() => {
  expect(seen.length).toBeGreaterThan(20);
  for (const message of seen) {
    expect(message).not.toContain(SECRET_VALUE);
    expect(message).not.toContain(PASSWORD);
  }
});

beforeEach(async () => {
  await analyzer.configure({});
});

const secretProps = (extra: Record<string, unknown> = {}) => ({
  name: "deploy_token",
  value: secret(SECRET_VALUE),
  events: ["push"],
  images: [],
  note: "",
  ...extra,
});
const repoSecret = (name: string, extra: Record<string, unknown> = {}): Resource => ({
  kind: "RepositorySecret",
  name,
  props: { repositoryId: 11, ...secretProps(extra) },
});
const orgSecret = (name: string, extra: Record<string, unknown> = {}): Resource => ({
  kind: "OrgSecret",
  name,
  props: { orgId: 5, ...secretProps(extra) },
});
const globalSecret = (name: string, extra: Record<string, unknown> = {}): Resource => ({
  kind: "GlobalSecret",
  name,
  props: secretProps(extra),
});
const repository = (name: string, extra: Record<string, unknown> = {}): Resource => ({
  kind: "Repository",
  name,
  props: { fullName: "acme/web", removeOnDestroy: false, ...extra },
});
const registry = (kind: string, name: string, address: string): Resource => ({
  kind,
  name,
  props: {
    ...(kind === "RepositoryRegistry" ? { repositoryId: 11 } : kind === "OrgRegistry" ? { orgId: 5 } : {}),
    address,
    username: "ci",
    password: secret(PASSWORD),
  },
});

describe("woodpecker-secret-pull-request-images", () => {
  const policy = "woodpecker-secret-pull-request-images";

  it.each(["RepositorySecret", "OrgSecret", "GlobalSecret"])("reports a %s available to pull_request on every image, as mandatory", async (kind) => {
    const result = await analyze({ ...repoSecret("ci-token", { events: ["push", "pull_request"] }), kind });
    const [d, ...more] = of(result, policy);
    expect(more).toEqual([]);
    expect(d!.enforcementLevel).toBe("mandatory");
    expect(d!.message).toContain(`${kind} "ci-token"`);
    expect(d!.message).toContain("pull_request");
    expect(d!.policyPackName).toBe(PACK_NAME);
  });

  it("passes when the secret is limited to named images, or not given to pull requests", async () => {
    expect(of(await analyze(repoSecret("a", { events: ["pull_request"], images: ["woodpeckerci/plugin-docker-buildx"] })), policy)).toEqual([]);
    expect(of(await analyze(repoSecret("b", { events: ["push", "tag"] })), policy)).toEqual([]);
  });

  it("takes the untrusted events from config", async () => {
    await analyzer.configure({ [policy]: { events: ["pull_request", "pull_request_metadata"] } });
    expect(of(await analyze(orgSecret("meta", { events: ["pull_request_metadata"] })), policy)).toHaveLength(1);
    await analyzer.configure({ [policy]: { events: ["pull_request_closed"] } });
    expect(of(await analyze(orgSecret("pr", { events: ["pull_request"] })), policy)).toEqual([]);
  });

  it("is not applicable to other resources", async () => {
    const result = await analyze(repository("web"));
    expect(result.notApplicable.find((n) => n.policyName === policy)?.reason).toMatch(/only applies to resources of types/);
  });

  it("judges what preview knows and turns the rest into an advisory", async () => {
    // Events known without pull_request: decided although images are unknown.
    expect(of(await analyze(repoSecret("push-only", { images: UNKNOWN })), policy)).toEqual([]);
    // Events with pull_request and unknown images: cannot decide yet.
    const [d] = of(await analyze(repoSecret("pr", { events: ["pull_request"], images: UNKNOWN })), policy);
    expect(d!.enforcementLevel).toBe("advisory");
    expect(d!.message).toMatch(/can't run policy 'woodpecker-secret-pull-request-images'.*during preview/);
    // Everything unknown (e.g. events computed from another resource): advisory, no crash.
    const [e] = of(await analyze(repoSecret("all-unknown", { events: UNKNOWN, images: UNKNOWN, name: UNKNOWN, value: UNKNOWN })), policy);
    expect(e!.enforcementLevel).toBe("advisory");
  });
});

describe("woodpecker-secret-name-pattern", () => {
  const policy = "woodpecker-secret-name-pattern";

  it("reports names off the default pattern as advisory and passes conforming ones", async () => {
    const [d] = of(await analyze(globalSecret("bad-name", { name: "Deploy-Token" })), policy);
    expect(d!.enforcementLevel).toBe("advisory");
    expect(d!.message).toContain('GlobalSecret "bad-name"');
    expect(d!.message).toContain('"Deploy-Token"');
    expect(of(await analyze(globalSecret("good", { name: "deploy_token" })), policy)).toEqual([]);
  });

  it("uses the configured pattern, and reports an invalid one instead of failing", async () => {
    await analyzer.configure({ [policy]: { pattern: "^[A-Z][A-Z0-9_]*$" } });
    expect(of(await analyze(repoSecret("upper", { name: "DEPLOY_TOKEN" })), policy)).toEqual([]);
    expect(of(await analyze(repoSecret("lower", { name: "deploy_token" })), policy)).toHaveLength(1);
    await analyzer.configure({ [policy]: { pattern: "([" } });
    const [d] = of(await analyze(repoSecret("any")), policy);
    expect(d!.message).toMatch(/not a valid regular expression/);
  });

  it("does not crash on an unknown name", async () => {
    const [d] = of(await analyze(repoSecret("unknown", { name: UNKNOWN })), policy);
    expect(d!.message).toMatch(/during preview/);
  });
});

describe("woodpecker-repository-fork-approval", () => {
  const policy = "woodpecker-repository-fork-approval";

  it.each(["public", "internal"])("reports a %s repository without approval, as mandatory", async (visibility) => {
    const [d] = of(await analyze(repository("web", { visibility, requireApproval: "none" })), policy);
    expect(d!.enforcementLevel).toBe("mandatory");
    expect(d!.message).toContain('Repository "web"');
    expect(d!.message).toContain('"none"');
  });

  it("passes forks or stricter, private repositories, and (by default) repositories leaving it out", async () => {
    for (const requireApproval of ["forks", "pull_requests", "all_events"]) {
      expect(of(await analyze(repository("web", { visibility: "public", requireApproval })), policy)).toEqual([]);
    }
    expect(of(await analyze(repository("web", { visibility: "private", requireApproval: "none" })), policy)).toEqual([]);
    expect(of(await analyze(repository("web", { visibility: "public" })), policy)).toEqual([]);
  });

  it("applies the configured minimum and requireExplicit", async () => {
    await analyzer.configure({ [policy]: { minimum: "pull_requests", requireExplicit: true } });
    expect(of(await analyze(repository("web", { visibility: "public", requireApproval: "forks" })), policy)).toHaveLength(1);
    expect(of(await analyze(repository("web", { visibility: "public", requireApproval: "pull_requests" })), policy)).toEqual([]);
    expect(of(await analyze(repository("web", { visibility: "internal" })), policy)).toHaveLength(1);
  });

  it("does not crash on unknowns: a private repository is decided, an unknown visibility is advisory", async () => {
    expect(of(await analyze(repository("web", { visibility: "private", requireApproval: UNKNOWN })), policy)).toEqual([]);
    const [d] = of(await analyze(repository("web", { visibility: UNKNOWN, requireApproval: "none" })), policy);
    expect(d!.enforcementLevel).toBe("advisory");
  });
});

describe("woodpecker-trusted-repositories", () => {
  const policy = "woodpecker-trusted-repositories";

  it("reports trusted flags outside the allow-list and passes allow-listed or untrusted repositories", async () => {
    const [d] = of(await analyze(repository("infra", { fullName: "acme/infra", trusted: { security: true, volumes: false, network: true } })), policy);
    expect(d!.enforcementLevel).toBe("mandatory");
    expect(d!.message).toContain('Repository "infra"');
    expect(d!.message).toContain("security, network");
    expect(of(await analyze(repository("web", { trusted: { security: false, volumes: false, network: false } })), policy)).toEqual([]);
    await analyzer.configure({ [policy]: { allowedRepositories: ["ACME/Infra"] } });
    expect(of(await analyze(repository("infra", { fullName: "acme/infra", trusted: { volumes: true } })), policy)).toEqual([]);
    expect(of(await analyze(repository("web", { fullName: "acme/web", trusted: { volumes: true } })), policy)).toHaveLength(1);
  });
});

describe("woodpecker-extension-endpoints", () => {
  const policy = "woodpecker-extension-endpoints";

  it("refuses non-https endpoints and hosts off the allow-list (empty by default), and passes repositories without endpoints", async () => {
    const [d] = of(await analyze(repository("api", { fullName: "acme/api", configExtensionEndpoint: "https://config.example.com/hook" })), policy);
    expect(d!.enforcementLevel).toBe("mandatory");
    expect(d!.message).toMatch(
      /Repository "api".*configExtensionEndpoint host "config.example.com" is not in the policy's allowedHosts \(empty: no endpoint is allowed\)/,
    );
    expect(of(await analyze(repository("api", { fullName: "acme/api", configExtensionEndpoint: "" })), policy)).toEqual([]);
    expect(of(await analyze(repository("api", { fullName: "acme/api" })), policy)).toEqual([]);
    await analyzer.configure({ [policy]: { allowedHosts: ["*.example.com", "ext.internal:8443"] } });
    expect(
      of(
        await analyze(
          repository("api", { configExtensionEndpoint: "https://config.example.com/hook", secretExtensionEndpoint: "https://ext.internal:8443/s" }),
        ),
        policy,
      ),
    ).toEqual([]);
    const plain = of(await analyze(repository("api", { secretExtensionEndpoint: "http://secrets.example.com" })), policy);
    expect(plain.map((v) => v.message)).toEqual([expect.stringMatching(/secretExtensionEndpoint "http:\/\/secrets.example.com" is not an https URL/)]);
    const off = of(
      await analyze(repository("api", { registryExtensionEndpoint: "https://ext.internal/r", configExtensionEndpoint: "https://evil.example.org" })),
      policy,
    );
    expect(off.map((v) => v.message)).toEqual([
      expect.stringContaining('configExtensionEndpoint host "evil.example.org"'),
      expect.stringContaining('registryExtensionEndpoint host "ext.internal"'),
    ]);
  });
});

describe("woodpecker-cron-min-interval", () => {
  const policy = "woodpecker-cron-min-interval";
  const cron = (schedule: unknown, extra: Record<string, unknown> = {}): Resource => ({
    kind: "RepositoryCron",
    name: "nightly",
    props: { repositoryId: 11, name: "nightly", schedule, branch: "", timezone: "UTC", variables: {}, enabled: true, ...extra },
  });

  it("reports schedules more frequent than an hour by default, @every and 5-field alike", async () => {
    for (const schedule of ["@every 5m", "*/10 * * * *", "0,30 * * * *", "*/59 * * * *"]) {
      const [d] = of(await analyze(cron(schedule)), policy);
      expect(d, schedule).toBeDefined();
      expect(d!.enforcementLevel).toBe("advisory");
      expect(d!.message).toContain('RepositoryCron "nightly"');
    }
    for (const schedule of ["@hourly", "@daily", "@every 2h", "0 3 * * *", "15 */2 * * 1-5"]) {
      expect(of(await analyze(cron(schedule)), policy), schedule).toEqual([]);
    }
  });

  it("uses the configured minimum and skips disabled crons", async () => {
    await analyzer.configure({ [policy]: { minIntervalSeconds: 60 } });
    expect(of(await analyze(cron("*/5 * * * *")), policy)).toEqual([]);
    expect(of(await analyze(cron("@every 30s")), policy)).toHaveLength(1);
    await analyzer.configure({});
    expect(of(await analyze(cron("@every 1m", { enabled: false })), policy)).toEqual([]);
  });

  it("turns an unknown schedule into an advisory", async () => {
    const [d] = of(await analyze(cron(UNKNOWN)), policy);
    expect(d!.message).toMatch(/during preview/);
  });
});

describe("woodpecker-admin-allow-list", () => {
  const policy = "woodpecker-admin-allow-list";
  const user = (login: string, admin: boolean): Resource => ({
    kind: "User",
    name: `user-${login}`,
    props: { login, admin, email: "", avatarUrl: "", forgeId: 1, deleteOnDestroy: false },
  });

  it("reports admins not on the allow-list and passes listed admins and non-admins", async () => {
    const [d] = of(await analyze(user("mallory", true)), policy);
    expect(d!.enforcementLevel).toBe("mandatory");
    expect(d!.message).toContain('User "user-mallory"');
    expect(d!.message).toContain('"mallory"');
    expect(of(await analyze(user("bob", false)), policy)).toEqual([]);
    await analyzer.configure({ [policy]: { allowedAdmins: ["Alice"] } });
    expect(of(await analyze(user("alice", true)), policy)).toEqual([]);
    expect(of(await analyze(user("mallory", true)), policy)).toHaveLength(1);
  });
});

describe("woodpecker-registry-hosts", () => {
  const policy = "woodpecker-registry-hosts";

  it.each(["RepositoryRegistry", "OrgRegistry", "GlobalRegistry"])("reports a %s for a host off the allow-list, as mandatory", async (kind) => {
    const [d] = of(await analyze(registry(kind, "evil", "registry.evil.example")), policy);
    expect(d!.enforcementLevel).toBe("mandatory");
    expect(d!.message).toContain(`${kind} "evil"`);
    expect(d!.message).toContain('"registry.evil.example"');
    expect(of(await analyze(registry(kind, "ghcr", "ghcr.io")), policy)).toEqual([]);
  });

  it("normalizes addresses and honours configured hosts, ports and wildcards", async () => {
    expect(of(await analyze(registry("GlobalRegistry", "hub", "https://Index.Docker.io/v1/")), policy)).toEqual([]);
    await analyzer.configure({ [policy]: { allowedHosts: ["*.corp.example", "localhost:5000"] } });
    expect(of(await analyze(registry("OrgRegistry", "corp", "registry.corp.example:8443")), policy)).toEqual([]);
    expect(of(await analyze(registry("OrgRegistry", "local", "localhost:5000")), policy)).toEqual([]);
    expect(of(await analyze(registry("OrgRegistry", "local-other", "localhost:6000")), policy)).toHaveLength(1);
    expect(of(await analyze(registry("OrgRegistry", "bare", "corp.example")), policy)).toHaveLength(1);
    expect(of(await analyze(registry("OrgRegistry", "ghcr", "ghcr.io")), policy)).toHaveLength(1);
  });
});

describe("woodpecker-forge-tls-verify", () => {
  const policy = "woodpecker-forge-tls-verify";
  const forge = (skipVerify: boolean, url = "https://git.example.com"): Resource => ({
    kind: "Forge",
    name: "gitea",
    props: { type: "gitea", url, client: "id", clientSecret: secret(SECRET_VALUE), skipVerify, oauthHost: "", orgs: [], additionalOptions: secret({}) },
  });

  it("reports skipVerify and passes verified forges or exempt URLs", async () => {
    const [d] = of(await analyze(forge(true)), policy);
    expect(d!.enforcementLevel).toBe("mandatory");
    expect(d!.message).toContain('Forge "gitea"');
    expect(of(await analyze(forge(false)), policy)).toEqual([]);
    await analyzer.configure({ [policy]: { exemptUrls: ["https://git.example.com/"] } });
    expect(of(await analyze(forge(true)), policy)).toEqual([]);
    expect(of(await analyze(forge(true, "https://other.example.com")), policy)).toHaveLength(1);
  });
});

describe("woodpecker-global-agents", () => {
  const policy = "woodpecker-global-agents";
  const agent: Resource = { kind: "Agent", name: "runner-1", props: { name: "runner-1", noSchedule: false } };

  it("reports global agents as advisory unless allowed, and leaves org agents alone", async () => {
    const [d] = of(await analyze(agent), policy);
    expect(d!.enforcementLevel).toBe("advisory");
    expect(d!.message).toContain('Agent "runner-1"');
    const orgAgent = await analyze({ kind: "OrgAgent", name: "acme-runner", props: { orgId: 5, name: "acme-runner", noSchedule: false } });
    expect(of(orgAgent, policy)).toEqual([]);
    expect(orgAgent.notApplicable.map((n) => n.policyName)).toContain(policy);
    await analyzer.configure({ [policy]: { allowGlobalAgents: true } });
    expect(of(await analyze(agent), policy)).toEqual([]);
  });

  it("can be made mandatory or disabled through config", async () => {
    await analyzer.configure({ [policy]: { enforcementLevel: "mandatory" } });
    expect(of(await analyze(agent), policy)[0]!.enforcementLevel).toBe("mandatory");
    await analyzer.configure({ [policy]: { enforcementLevel: "disabled" } });
    expect(of(await analyze(agent), policy)).toEqual([]);
  });
});

describe("enforcement levels through config", () => {
  it("downgrades a mandatory policy to advisory, disables another, and leaves the rest at their own level", async () => {
    const leaky = repoSecret("leaky", { name: "Leaky-Name", events: ["pull_request"] });
    const before = await analyze(leaky);
    expect(of(before, "woodpecker-secret-pull-request-images")[0]!.enforcementLevel).toBe("mandatory");
    expect(of(before, "woodpecker-secret-name-pattern")[0]!.enforcementLevel).toBe("advisory");
    await analyzer.configure({
      "woodpecker-secret-pull-request-images": { enforcementLevel: "advisory" },
      "woodpecker-secret-name-pattern": { enforcementLevel: "disabled" },
    });
    const after = await analyze(leaky);
    expect(of(after, "woodpecker-secret-pull-request-images")[0]!.enforcementLevel).toBe("advisory");
    expect(of(after, "woodpecker-secret-name-pattern")).toEqual([]);
  });

  it("describes every policy with a config schema and a level to the engine", async () => {
    const info = await analyzer.info();
    const described = info.getPoliciesList().map((p: any) => ({
      name: p.getName(),
      level: p.getEnforcementlevel(),
      schema: p.getConfigschema()?.getProperties()?.toJavaScript(),
    }));
    expect(described.map((p: any) => p.name)).toEqual(policies.map((p) => p.name));
    for (const p of described) expect(Object.keys(p.schema ?? {}).length, p.name).toBeGreaterThan(0);
    expect(info.getSupportsconfig()).toBe(true);
  });
});

describe("woodpecker-secret-shadowing (stack)", () => {
  const policy = "woodpecker-secret-shadowing";
  const org: Resource = { kind: "Org", name: "acme", props: { name: "acme", deleteOnDestroy: false, orgId: 5, isUser: false, forgeId: 1 } };
  const repo = repository("web", { repositoryId: 11, orgId: 5, owner: "acme" });
  const stack = (...extra: Resource[]) => [org, repo, ...extra];

  it("reports a repository secret shadowing an org and a global secret, naming both, on the secret's URN", async () => {
    const result = await analyzeStack(
      stack(repoSecret("web-deploy"), orgSecret("acme-deploy"), globalSecret("global-deploy"), orgSecret("acme-other", { name: "other" })),
    );
    const ds = of(result, policy);
    const onRepoSecret = ds.find((d) => d.urn === urnOf("RepositorySecret", "web-deploy"))!;
    expect(onRepoSecret.enforcementLevel).toBe("advisory");
    expect(onRepoSecret.message).toContain('RepositorySecret "web-deploy" of repository "acme/web"');
    expect(onRepoSecret.message).toContain('OrgSecret "acme-deploy" of organization "acme"');
    expect(onRepoSecret.message).toContain('GlobalSecret "global-deploy"');
    expect(onRepoSecret.message).toContain('"deploy_token"');
    // The org secret shadows the global one too (orgOverGlobal, on by default).
    expect(ds.find((d) => d.urn === urnOf("OrgSecret", "acme-deploy"))!.message).toContain('GlobalSecret "global-deploy"');
    expect(ds).toHaveLength(2);
  });

  it("ignores org secrets of other organizations and different names; compares names case-insensitively", async () => {
    const otherOrg = await analyzeStack(stack(repoSecret("web-deploy"), orgSecret("beta-deploy", { orgId: 6 })));
    expect(of(otherOrg, policy)).toEqual([]);
    const differentCase = await analyzeStack(stack(repoSecret("web-deploy", { name: "DEPLOY_TOKEN" }), orgSecret("acme-deploy")));
    expect(of(differentCase, policy)).toHaveLength(1);
  });

  it("honours allowedNames and orgOverGlobal", async () => {
    const resources = stack(repoSecret("web-deploy"), orgSecret("acme-deploy"), globalSecret("global-deploy"));
    await analyzer.configure({ [policy]: { allowedNames: ["Deploy_Token"] } });
    expect(of(await analyzeStack(resources), policy)).toEqual([]);
    await analyzer.configure({ [policy]: { orgOverGlobal: false } });
    expect(of(await analyzeStack(resources), policy)).toHaveLength(1);
    await analyzer.configure({ [policy]: { enforcementLevel: "mandatory" } });
    expect(of(await analyzeStack(resources), policy).map((d) => d.enforcementLevel)).toEqual(["mandatory", "mandatory"]);
    await analyzer.configure({ [policy]: { enforcementLevel: "disabled" } });
    expect(of(await analyzeStack(resources), policy)).toEqual([]);
  });

  it("during preview joins through property dependencies and org name when ids are unknown", async () => {
    const newOrg = { ...org, props: { ...org.props, orgId: UNKNOWN, isUser: UNKNOWN, forgeId: UNKNOWN } };
    const newRepo = repository("web", { repositoryId: UNKNOWN, orgId: UNKNOWN, owner: UNKNOWN, name: UNKNOWN });
    const result = await analyzeStack([
      newOrg,
      newRepo,
      {
        ...repoSecret("web-deploy", { value: UNKNOWN }),
        props: { ...repoSecret("web-deploy").props, repositoryId: UNKNOWN },
        dependsOn: { repositoryId: ["web"] },
      },
      { ...orgSecret("acme-deploy"), props: { ...orgSecret("acme-deploy").props, orgId: UNKNOWN }, dependsOn: { orgId: ["acme"] } },
    ]);
    const [d, ...more] = of(result, policy);
    expect(more).toEqual([]);
    expect(d!.message).toContain('shadows OrgSecret "acme-deploy" of organization "acme"');
  });

  it("skips secrets whose name is unknown and does not crash", async () => {
    const result = await analyzeStack(stack(repoSecret("web-deploy", { name: UNKNOWN }), orgSecret("acme-deploy", { name: UNKNOWN }), globalSecret("g")));
    expect(of(result, policy)).toEqual([]);
  });

  it("is not applicable to a stack without repository or org secrets", async () => {
    const result = await analyzeStack(stack(globalSecret("g")));
    expect(result.notApplicable.find((n) => n.policyName === policy)?.reason).toMatch(/no repository or org secrets/);
  });
});

describe("both faces: the dynamic provider's and the provider plugin's tokens", () => {
  const plugin = (r: Resource): Resource => ({ ...r, kind: pluginTypeToken(r.kind) });
  /** One resource that breaks each resource policy, by policy. */
  const violations: [string, Resource][] = [
    ["woodpecker-secret-pull-request-images", repoSecret("pr", { events: ["pull_request"] })],
    ["woodpecker-secret-name-pattern", orgSecret("named", { name: "Bad-Name" })],
    ["woodpecker-repository-fork-approval", repository("public", { visibility: "public", requireApproval: "none" })],
    ["woodpecker-trusted-repositories", repository("trusted", { trusted: { network: true } })],
    ["woodpecker-cron-min-interval", { kind: "RepositoryCron", name: "often", props: { repositoryId: 11, name: "often", schedule: "@every 1m" } }],
    ["woodpecker-admin-allow-list", { kind: "User", name: "bob", props: { login: "bob", admin: true } }],
    ["woodpecker-registry-hosts", registry("GlobalRegistry", "evil", "evil.example")],
    ["woodpecker-forge-tls-verify", { kind: "Forge", name: "gitea", props: { type: "gitea", url: "https://git.example", skipVerify: true } }],
    ["woodpecker-global-agents", { kind: "Agent", name: "runner", props: { name: "runner" } }],
    ["woodpecker-extension-endpoints", repository("ext", { secretExtensionEndpoint: "http://secrets.example.com" })],
  ];

  it("covers every resource policy", () => {
    expect(violations.map(([policy]) => policy).sort()).toEqual(
      policies
        .filter((p) => "validateResource" in p)
        .map((p) => p.name)
        .sort(),
    );
  });

  it.each(violations)("%s judges woodpecker:index:<Kind> as it judges pulumi-nodejs:dynamic/woodpecker:<Kind>", async (policy, resource) => {
    const dynamic = of(await analyze(resource), policy);
    const native = of(await analyze(plugin(resource)), policy);
    expect(dynamic).toHaveLength(1);
    expect(native).toHaveLength(1);
    expect(native).toEqual(dynamic);
  });

  it("names both tokens of a kind when a policy does not apply, and no other provider's types", async () => {
    const result = await analyze(plugin(repository("web")));
    const reason = result.notApplicable.find((n) => n.policyName === "woodpecker-global-agents")?.reason;
    expect(reason).toContain(`'${typeToken("Agent")}'`);
    expect(reason).toContain(`'${pluginTypeToken("Agent")}'`);
    const foreign = await analyze({ kind: "aws:s3/bucket:Bucket", name: "b", props: { skipVerify: true, admin: true } });
    expect(foreign.diagnostics).toEqual([]);
  });

  it("the stack policy finds shadowing among plugin resources and across faces", async () => {
    const policy = "woodpecker-secret-shadowing";
    const org: Resource = { kind: "Org", name: "acme", props: { name: "acme", orgId: 5 } };
    const repo = repository("web", { repositoryId: 11, orgId: 5, owner: "acme" });
    const allPlugin = of(await analyzeStack([org, repo, repoSecret("web-deploy"), orgSecret("acme-deploy")].map(plugin)), policy);
    expect(allPlugin.map((d) => d.urn)).toEqual([urnOf(pluginTypeToken("RepositorySecret"), "web-deploy")]);
    expect(allPlugin[0]!.message).toContain('RepositorySecret "web-deploy" of repository "acme/web" shadows OrgSecret "acme-deploy" of organization "acme"');
    // A plugin secret of a dynamic-provider repository, joined through its dependency during preview.
    const mixed = of(
      await analyzeStack([
        plugin(org),
        repository("web", { repositoryId: UNKNOWN, orgId: UNKNOWN, owner: "acme" }),
        { ...plugin(repoSecret("web-deploy")), props: { ...repoSecret("web-deploy").props, repositoryId: UNKNOWN }, dependsOn: { repositoryId: ["web"] } },
        globalSecret("global-deploy"),
      ]),
      policy,
    );
    expect(mixed.map((d) => d.message)).toEqual([expect.stringContaining('of repository "acme/web" shadows GlobalSecret "global-deploy"')]);
  });
});

describe("secret values", () => {
  it("appear in no message even when every policy fires at once", async () => {
    const messages: string[] = [];
    const resources: Resource[] = [
      repoSecret("leak-1", { name: "Bad Name", events: ["pull_request"] }),
      orgSecret("leak-2", { events: ["pull_request"] }),
      globalSecret("leak-3", { events: ["pull_request"] }),
      registry("GlobalRegistry", "leak-4", "evil.example"),
    ];
    for (const r of resources) messages.push(...(await analyze(r)).diagnostics.map((d) => d.message));
    messages.push(
      ...(await analyzeStack([repository("web", { repositoryId: 11, orgId: 5 }), ...resources, orgSecret("leak-5", { name: "bad name" })])).diagnostics.map(
        (d) => d.message,
      ),
    );
    expect(messages.length).toBe(7); // 5 resource violations, 2 shadowings
    for (const m of messages) {
      expect(m).not.toContain(SECRET_VALUE);
      expect(m).not.toContain(PASSWORD);
    }
  });
});

describe("woodpecker-set-ownership (stack)", () => {
  const policy = "woodpecker-set-ownership";
  const set = (name: string, props: Record<string, unknown>): Resource => ({ kind: "RepositorySecretSet", name, props: { exclusive: true, ...props } });
  const entries = { deploy_token: { value: secret(SECRET_VALUE), events: ["push"], images: [], note: "" } };

  it("refuses an entry declared both in a set and as a single resource of the same scope, naming both", async () => {
    const result = await analyzeStack([set("api-secrets", { repositoryId: 11, secrets: secret(entries) }), repoSecret("deploy")]);
    const [violation, ...rest] = of(result, policy);
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ enforcementLevel: "mandatory", urn: urnOf("RepositorySecret", "deploy") });
    expect(violation!.message).toContain(
      'RepositorySecret "deploy" declares name "deploy_token", which RepositorySecretSet "api-secrets" also declares (secrets["deploy_token"])',
    );
    // Another repository, or another name: no conflict.
    expect(of(await analyzeStack([set("api-secrets", { repositoryId: 12, secrets: entries }), repoSecret("deploy")]), policy)).toEqual([]);
    expect(of(await analyzeStack([set("api-secrets", { repositoryId: 11, secrets: entries }), repoSecret("deploy", { name: "other" })]), policy)).toEqual([]);
  });

  it("refuses two exclusive sets of one scope, also when the scope is known only by the resource it comes from", async () => {
    const two = await analyzeStack([set("a", { repositoryId: 11, secrets: {} }), set("b", { repositoryId: 11, secrets: {} })]);
    expect(of(two, policy).map((d) => d.message)).toEqual([
      expect.stringContaining('RepositorySecretSet "b" and RepositorySecretSet "a" are both exclusive sets of one repositoryId'),
    ]);
    const unknownIds = await analyzeStack([
      repository("web", { repositoryId: UNKNOWN }),
      { ...set("a", { repositoryId: UNKNOWN, secrets: {} }), dependsOn: { repositoryId: ["web"] } },
      { ...set("b", { repositoryId: UNKNOWN, secrets: {} }), dependsOn: { repositoryId: ["web"] } },
    ]);
    expect(of(unknownIds, policy)).toHaveLength(1);
    // One exclusive and one not: allowed.
    expect(
      of(await analyzeStack([set("a", { repositoryId: 11, secrets: {} }), set("b", { repositoryId: 11, exclusive: false, secrets: {} })]), policy),
    ).toEqual([]);
    await analyzer.configure({ [policy]: { ignoreKinds: ["RepositorySecretSet"] } });
    expect(of(await analyzeStack([set("a", { repositoryId: 11, secrets: {} }), set("b", { repositoryId: 11, secrets: {} })]), policy)).toEqual([]);
  });
});
