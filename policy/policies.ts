import type {
  EnforcementLevel,
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { collectionOf } from "../provider/engine/listings.js";
import { pluginTypeToken, typeToken } from "../provider/engine/spec.js";
import { setSpecs, type Kind } from "../provider/resources/index.js";
import { APPROVAL_MODES, VISIBILITIES, WEBHOOK_EVENTS, scheduleMinIntervalSeconds } from "../provider/validation.js";

/**
 * The policies of the pulumi-woodpecker policy pack. `index.ts` only hands them to `new PolicyPack`
 * (which starts a gRPC server at once), so tests import this module and never index.ts.
 *
 * Rules for every policy here:
 * - Messages name the resource (kind and Pulumi name) and the rule; they never contain a secret's
 *   `value` or a registry's `password` (policies see them in plain text): no policy reads those fields.
 * - Config comes from `args.getConfig()` merged over the defaults below, because the engine does not
 *   always fill in schema defaults and the in-process analyzer never does.
 * - During preview, values can be unknown. Reading one throws the analyzer's UnknownValueError, which
 *   the analyzer turns into an advisory "can't run policy ... during preview". Policies read the
 *   deciding fields first and return early, so a resource is judged whenever the known values suffice;
 *   the stack policy reads through `peek()` and skips links it cannot resolve.
 */

export const PACK_NAME = "pulumi-woodpecker";

/**
 * The type tokens a kind appears under in a stack: the dynamic provider's
 * (`pulumi-nodejs:dynamic/woodpecker:<Kind>`) and the provider plugin's (`woodpecker:index:<Kind>`).
 * Every policy targets kinds, so it judges both faces alike.
 */
export const tokensOf = (kind: Kind): string[] => [typeToken(kind), pluginTypeToken(kind)];

/** `RepositorySecret` from `pulumi-nodejs:dynamic/woodpecker:RepositorySecret` or `woodpecker:index:RepositorySecret`. */
const kindOf = (type: string) => type.slice(type.lastIndexOf(":") + 1);

/** "RepositorySecret \"deploy-token\"": how messages name a resource. */
const label = (args: { type: string; name: string }) => `${kindOf(args.type)} ${JSON.stringify(args.name)}`;

function config<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
  const given = args.getConfig<Partial<T>>() ?? {};
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) if (value !== undefined && value !== null) merged[key] = value;
  return merged as T;
}

/** A validation for resource kinds, in either face: judged when the type is one of theirs, otherwise "not applicable". */
function validateResourceOfKinds(
  kinds: Kind[],
  validate: (props: Record<string, any>, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
  const types = kinds.flatMap(tokensOf);
  return (args, reportViolation) => {
    if (!types.includes(args.type)) args.notApplicable(`Policy only applies to resources of types ${types.map((t) => `'${t}'`).join(", ")}`);
    return validate(args.props, args, reportViolation);
  };
}

const isUnknownValueError = (error: unknown) => error instanceof Error && (error.constructor?.name === "UnknownValueError" || "unknownTypeSentinel" in error);

export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/** Reads a property, giving UNKNOWN instead of throwing when the value is unknown during preview. */
function peek(props: Record<string, any>, key: string): any {
  try {
    return props[key];
  } catch (error) {
    if (isUnknownValueError(error)) return UNKNOWN;
    throw error;
  }
}

const lower = (text: string) => text.toLowerCase();
const stringList = (items: unknown) => (Array.isArray(items) ? items.filter((item): item is string => typeof item === "string") : []);

const SECRET_KINDS: Kind[] = ["RepositorySecret", "OrgSecret", "GlobalSecret"];
const REGISTRY_KINDS: Kind[] = ["RepositoryRegistry", "OrgRegistry", "GlobalRegistry"];

// 1 ──────────────────────────────────────────────────────────────────────────────────────────────
export const secretPullRequestImages: ResourceValidationPolicy = {
  name: "woodpecker-secret-pull-request-images",
  description:
    "Secrets available to pull request pipelines must be limited to named images: pipelines of pull requests from forks run the fork's code and could otherwise print the secret.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      events: {
        type: "array",
        items: { type: "string", enum: [...WEBHOOK_EVENTS] },
        default: ["pull_request"],
        description: "Events regarded as untrusted (fork code). Add pull_request_closed and pull_request_metadata to cover those too.",
      },
    },
  },
  validateResource: validateResourceOfKinds(SECRET_KINDS, (secret, args, reportViolation) => {
    const { events: untrusted } = config(args, { events: ["pull_request"] as string[] });
    const risky = stringList(secret.events).filter((event) => untrusted.includes(event));
    if (risky.length === 0) return;
    if (stringList(secret.images).length > 0) return;
    reportViolation(
      `${label(args)}: the secret is available to ${risky.join(", ")} events but not limited to any image; set \`images\` to the images of the steps that need it, or drop ${risky.join(", ")} from \`events\`.`,
    );
  }),
};

// 2 ──────────────────────────────────────────────────────────────────────────────────────────────
export const DEFAULT_SECRET_NAME_PATTERN = "^[a-z][a-z0-9_]*$";

export const secretNamePattern: ResourceValidationPolicy = {
  name: "woodpecker-secret-name-pattern",
  description: "Secret names follow the naming pattern (pipelines look secrets up by lower-cased name, so mixed case and odd characters cause misses).",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      pattern: { type: "string", default: DEFAULT_SECRET_NAME_PATTERN, description: "JavaScript regular expression every secret name must match." },
    },
  },
  validateResource: validateResourceOfKinds(SECRET_KINDS, (secret, args, reportViolation) => {
    const { pattern } = config(args, { pattern: DEFAULT_SECRET_NAME_PATTERN });
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch {
      reportViolation(`${label(args)}: the policy's \`pattern\` config ${JSON.stringify(pattern)} is not a valid regular expression; fix the policy config.`);
      return;
    }
    const name = secret.name;
    if (typeof name === "string" && !re.test(name)) {
      reportViolation(`${label(args)}: secret name ${JSON.stringify(name)} does not match ${pattern}.`);
    }
  }),
};

// 3 ──────────────────────────────────────────────────────────────────────────────────────────────
const APPROVAL_ORDER: readonly string[] = APPROVAL_MODES; // none < forks < pull_requests < all_events

export const repositoryForkApproval: ResourceValidationPolicy = {
  name: "woodpecker-repository-fork-approval",
  description: 'Public and internal repositories require approval at least for pipelines from forks (requireApproval must not be "none").',
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      visibilities: {
        type: "array",
        items: { type: "string", enum: [...VISIBILITIES] },
        default: ["public", "internal"],
        description: "Visibilities the rule applies to.",
      },
      minimum: {
        type: "string",
        enum: APPROVAL_MODES.filter((mode) => mode !== "none"),
        default: "forks",
        description: "Weakest acceptable requireApproval mode (forks < pull_requests < all_events).",
      },
      requireExplicit: {
        type: "boolean",
        default: false,
        description: "Also report repositories of these visibilities that leave requireApproval out (the server then keeps whatever it has).",
      },
    },
  },
  validateResource: validateResourceOfKinds(["Repository"], (repo, args, reportViolation) => {
    const cfg = config(args, { visibilities: ["public", "internal"] as string[], minimum: "forks", requireExplicit: false });
    const visibility = repo.visibility;
    if (typeof visibility !== "string" || !cfg.visibilities.includes(visibility)) return;
    const mode = repo.requireApproval;
    const who = `${label(args)} (${visibility})`;
    if (mode === undefined || mode === null) {
      if (cfg.requireExplicit) reportViolation(`${who}: set requireApproval to "${cfg.minimum}" or stricter; left out, the server keeps its current setting.`);
      return;
    }
    if (APPROVAL_ORDER.indexOf(mode) < Math.max(1, APPROVAL_ORDER.indexOf(cfg.minimum))) {
      reportViolation(
        `${who}: requireApproval is "${mode}"; ${visibility} repositories need "${cfg.minimum}" or stricter so that fork pipelines wait for approval.`,
      );
    }
  }),
};

// 4 ──────────────────────────────────────────────────────────────────────────────────────────────
export const trustedRepositories: ResourceValidationPolicy = {
  name: "woodpecker-trusted-repositories",
  description:
    "Trusted repository flags (security, volumes, network) are only for allow-listed repositories: they let pipelines run privileged containers, mount host paths or use the host network.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedRepositories: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Full names (owner/name, case-insensitive) that may set trusted flags.",
      },
    },
  },
  validateResource: validateResourceOfKinds(["Repository"], (repo, args, reportViolation) => {
    const { allowedRepositories } = config(args, { allowedRepositories: [] as string[] });
    const trusted = repo.trusted;
    if (!trusted || typeof trusted !== "object") return;
    const flags = (["security", "volumes", "network"] as const).filter((flag) => trusted[flag] === true);
    if (flags.length === 0) return;
    const fullName = repo.fullName;
    if (typeof fullName === "string" && allowedRepositories.map(lower).includes(lower(fullName))) return;
    const which = typeof fullName === "string" ? JSON.stringify(fullName) : `forge id ${JSON.stringify(repo.forgeRemoteId ?? "")}`;
    reportViolation(`${label(args)}: repository ${which} sets trusted ${flags.join(", ")} but is not in the policy's allowedRepositories.`);
  }),
};

// 5 ──────────────────────────────────────────────────────────────────────────────────────────────
export const cronMinInterval: ResourceValidationPolicy = {
  name: "woodpecker-cron-min-interval",
  description: "Cron schedules run no more often than the minimum interval (both `@every <duration>` and 5-field schedules).",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      minIntervalSeconds: { type: "integer", minimum: 1, default: 3600, description: "Shortest allowed time between two runs, in seconds." },
    },
  },
  validateResource: validateResourceOfKinds(["RepositoryCron"], (cron, args, reportViolation) => {
    const { minIntervalSeconds } = config(args, { minIntervalSeconds: 3600 });
    if (cron.enabled === false) return;
    const schedule = cron.schedule;
    if (typeof schedule !== "string") return;
    const interval = scheduleMinIntervalSeconds(schedule);
    if (interval === undefined) {
      reportViolation(
        `${label(args)}: cannot tell how often schedule ${JSON.stringify(schedule)} runs; use a 5-field schedule, a descriptor or @every <duration>.`,
      );
    } else if (interval < minIntervalSeconds) {
      reportViolation(`${label(args)}: schedule ${JSON.stringify(schedule)} can run every ${interval}s; the minimum interval is ${minIntervalSeconds}s.`);
    }
  }),
};

// 6 ──────────────────────────────────────────────────────────────────────────────────────────────
export const adminAllowList: ResourceValidationPolicy = {
  name: "woodpecker-admin-allow-list",
  description: "Instance admins (User with admin: true) only from the allow-list of logins.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedAdmins: { type: "array", items: { type: "string" }, default: [], description: "Logins (case-insensitive) that may be instance admins." },
    },
  },
  validateResource: validateResourceOfKinds(["User"], (user, args, reportViolation) => {
    const { allowedAdmins } = config(args, { allowedAdmins: [] as string[] });
    if (user.admin !== true) return;
    const login = user.login;
    if (typeof login === "string" && allowedAdmins.map(lower).includes(lower(login))) return;
    reportViolation(`${label(args)}: login ${JSON.stringify(login)} is made an instance admin but is not in the policy's allowedAdmins.`);
  }),
};

// 7 ──────────────────────────────────────────────────────────────────────────────────────────────
export const DEFAULT_REGISTRY_HOSTS = ["docker.io", "index.docker.io", "ghcr.io", "quay.io", "registry.gitlab.com"];

/** "https://Index.Docker.io/v1/" → "index.docker.io"; "localhost:5000/x" → "localhost:5000". */
export function registryHost(address: string): string {
  return lower(
    address
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
      .split("/")[0]!,
  );
}

/** An entry with a port must match host:port exactly; one without matches the host on any port. */
function hostAllowed(host: string, allowed: string[]): boolean {
  const hostname = host.replace(/:\d+$/, "");
  return allowed.some((entry) => {
    const pattern = lower(entry.trim());
    const subject = /:\d+$/.test(pattern) ? host : hostname;
    if (pattern.startsWith("*.")) return subject.endsWith(pattern.slice(1)) && subject.length > pattern.length - 1;
    return subject === pattern;
  });
}

export const registryHosts: ResourceValidationPolicy = {
  name: "woodpecker-registry-hosts",
  description:
    "Registry credentials (repository, org, global) only for allow-listed registry hosts, so credentials are never sent to a mistyped or foreign host.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedHosts: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_REGISTRY_HOSTS,
        description: 'Registry hosts, case-insensitive. "host" matches on any port, "host:5000" only on that port, "*.example.com" any subdomain.',
      },
    },
  },
  validateResource: validateResourceOfKinds(REGISTRY_KINDS, (registry, args, reportViolation) => {
    const { allowedHosts } = config(args, { allowedHosts: DEFAULT_REGISTRY_HOSTS });
    const address = registry.address;
    if (typeof address !== "string") return;
    const host = registryHost(address);
    if (hostAllowed(host, allowedHosts)) return;
    reportViolation(`${label(args)}: registry host ${JSON.stringify(host)} is not in the policy's allowedHosts (${allowedHosts.join(", ")}).`);
  }),
};

// 8 ──────────────────────────────────────────────────────────────────────────────────────────────
export const forgeTlsVerify: ResourceValidationPolicy = {
  name: "woodpecker-forge-tls-verify",
  description: "Forges never with skipVerify: without TLS verification, OAuth secrets, tokens and clones can be intercepted.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      exemptUrls: { type: "array", items: { type: "string" }, default: [], description: "Forge URLs exempt from the rule (throw-away test instances only)." },
    },
  },
  validateResource: validateResourceOfKinds(["Forge"], (forge, args, reportViolation) => {
    const { exemptUrls } = config(args, { exemptUrls: [] as string[] });
    if (forge.skipVerify !== true) return;
    const url = forge.url;
    const norm = (u: string) => lower(u.trim()).replace(/\/+$/, "");
    if (typeof url === "string" && exemptUrls.map(norm).includes(norm(url))) return;
    reportViolation(`${label(args)}: forge ${JSON.stringify(url)} sets skipVerify; give the forge a certificate the server trusts instead.`);
  }),
};

// 9 ──────────────────────────────────────────────────────────────────────────────────────────────
export const globalAgents: ResourceValidationPolicy = {
  name: "woodpecker-global-agents",
  description: "Prefer org agents: a global agent runs the pipelines of every repository on the server.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      allowGlobalAgents: { type: "boolean", default: false, description: "Allow global agents (Agent resources)." },
    },
  },
  validateResource: validateResourceOfKinds(["Agent"], (agent, args, reportViolation) => {
    const { allowGlobalAgents } = config(args, { allowGlobalAgents: false });
    if (allowGlobalAgents === true) return;
    reportViolation(
      `${label(args)}: global agent ${JSON.stringify(agent.name)} runs the pipelines of every repository; declare an OrgAgent instead, or set allowGlobalAgents.`,
    );
  }),
};

// 10 ─────────────────────────────────────────────────────────────────────────────────────────────
const has = (resource: PolicyResource, kind: Kind) => tokensOf(kind).includes(resource.type);
const known = (value: unknown) => value !== UNKNOWN && value !== undefined && value !== null;

/** The resources a property's value came from (the engine's propertyDependencies). */
const dependenciesOf = (resource: PolicyResource, key: string) => resource.propertyDependencies?.[key] ?? [];

export const secretShadowing: StackValidationPolicy = {
  name: "woodpecker-secret-shadowing",
  description:
    "A repository secret with the name of an org or global secret shadows it: the server silently gives pipelines the repository one (repository beats org beats global).",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      allowedNames: { type: "array", items: { type: "string" }, default: [], description: "Secret names (case-insensitive) that may shadow on purpose." },
      orgOverGlobal: { type: "boolean", default: true, description: "Also report org secrets that shadow a global secret." },
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = config(args, { allowedNames: [] as string[], orgOverGlobal: true });
    const allowed = new Set(cfg.allowedNames.map(lower));
    const of = (kind: Kind) => args.resources.filter((r) => has(r, kind));
    const repoSecrets = of("RepositorySecret"),
      orgSecrets = of("OrgSecret"),
      globalSecrets = of("GlobalSecret");
    const repos = of("Repository"),
      orgs = of("Org");
    if (repoSecrets.length + orgSecrets.length === 0) args.notApplicable("no repository or org secrets in the stack");

    const nameOf = (r: PolicyResource) => {
      const name = peek(r.props, "name");
      return typeof name === "string" ? lower(name) : undefined;
    };
    const sameName = (name: string) => (r: PolicyResource) => nameOf(r) === name;

    /** The Repository resource a repository secret belongs to: by repositoryId value, else by dependency. */
    const repoOf = (secret: PolicyResource) => {
      const id = peek(secret.props, "repositoryId");
      if (known(id)) {
        const byId = repos.find((repo) => peek(repo.props, "repositoryId") === id);
        if (byId) return byId;
      }
      return dependenciesOf(secret, "repositoryId").find((r) => has(r, "Repository"));
    };
    /** The Org resource an org secret belongs to: by dependency, else by orgId value. */
    const orgOf = (secret: PolicyResource) => {
      const byDependency = dependenciesOf(secret, "orgId").find((r) => has(r, "Org"));
      if (byDependency) return byDependency;
      const id = peek(secret.props, "orgId");
      return known(id) ? orgs.find((org) => peek(org.props, "orgId") === id) : undefined;
    };
    const ownerOf = (repo: PolicyResource) => {
      const owner = peek(repo.props, "owner");
      if (typeof owner === "string") return lower(owner);
      const fullName = peek(repo.props, "fullName");
      return typeof fullName === "string" ? lower(fullName.split("/")[0]!) : undefined;
    };
    /** Ids when both are known (the join the brief describes), else the org's name against the repository owner. */
    const inOrgOfRepo = (repo: PolicyResource) => (orgSecret: PolicyResource) => {
      const repoOrgId = peek(repo.props, "orgId"),
        secretOrgId = peek(orgSecret.props, "orgId");
      if (known(repoOrgId) && known(secretOrgId)) return repoOrgId === secretOrgId;
      const org = orgOf(orgSecret);
      const orgName = org ? peek(org.props, "name") : undefined;
      const owner = ownerOf(repo);
      return typeof orgName === "string" && owner !== undefined && lower(orgName) === owner;
    };
    const describeGlobal = (g: PolicyResource) => `GlobalSecret ${JSON.stringify(g.name)}`;

    for (const secret of repoSecrets) {
      const name = nameOf(secret);
      if (name === undefined || allowed.has(name)) continue;
      const repo = repoOf(secret);
      const shadowed: string[] = [];
      if (repo) {
        for (const orgSecret of orgSecrets.filter(sameName(name)).filter(inOrgOfRepo(repo))) {
          const org = orgOf(orgSecret);
          const orgName = org ? peek(org.props, "name") : undefined;
          shadowed.push(`OrgSecret ${JSON.stringify(orgSecret.name)}${typeof orgName === "string" ? ` of organization ${JSON.stringify(orgName)}` : ""}`);
        }
      }
      shadowed.push(...globalSecrets.filter(sameName(name)).map(describeGlobal));
      if (shadowed.length === 0) continue;
      const fullName = repo ? peek(repo.props, "fullName") : undefined;
      const where = typeof fullName === "string" ? ` of repository ${JSON.stringify(fullName)}` : "";
      reportViolation(
        `${label(secret)}${where} shadows ${shadowed.join(" and ")} (secret name ${JSON.stringify(name)}): pipelines of this repository get the repository secret and never the other. Rename one of them, or add the name to allowedNames if that is intended.`,
        secret.urn,
      );
    }

    if (!cfg.orgOverGlobal) return;
    for (const orgSecret of orgSecrets) {
      const name = nameOf(orgSecret);
      if (name === undefined || allowed.has(name)) continue;
      const shadowed = globalSecrets.filter(sameName(name)).map(describeGlobal);
      if (shadowed.length === 0) continue;
      reportViolation(
        `${label(orgSecret)} shadows ${shadowed.join(" and ")} (secret name ${JSON.stringify(name)}): pipelines of the organization's repositories get the org secret and never the global one. Rename one of them, or add the name to allowedNames if that is intended.`,
        orgSecret.urn,
      );
    }
  },
};

// 11 ─────────────────────────────────────────────────────────────────────────────────────────────
/**
 * One owner per server object: a `<Kind>Set` owns its whole scope (exclusive) or its declared entries,
 * so a single resource for one of them, or a second exclusive set of the scope, would be fought over
 * at every `up` (one deletes what the other creates). Scopes match by value, or by the resource the
 * value comes from while it is unknown (preview of a new repository).
 */
export const setOwnership: StackValidationPolicy = {
  name: "woodpecker-set-ownership",
  description:
    "An entry declared both in a set (RepositorySecretSet, …) and as a single resource, or two exclusive sets of one scope, would be fought over at every `up`.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ignoreKinds: { type: "array", items: { type: "string" }, default: [], description: "Set kinds this policy leaves alone, e.g. RepositoryCronSet." },
    },
  },
  validateStack: (args, reportViolation) => {
    const { ignoreKinds } = config(args, { ignoreKinds: [] as string[] });
    const sets = Object.values(setSpecs)
      .filter((set) => !ignoreKinds.includes(set.kind))
      .flatMap((set) => args.resources.filter((r) => has(r, set.kind as Kind)).map((resource) => ({ set, resource })));
    if (sets.length === 0) args.notApplicable("no set resources in the stack");
    /** What names a scope: its id when known, else the resource it comes from; "" for the instance level. */
    const scopeOf = (resource: PolicyResource, scope: string | undefined): string | undefined => {
      if (!scope) return "";
      const value = peek(resource.props, scope);
      if (known(value)) return `=${value}`;
      const from = dependenciesOf(resource, scope)[0];
      return from ? `<${from.urn}` : undefined;
    };
    const exclusives = new Map<string, PolicyResource>();
    for (const { set, resource } of sets) {
      const { key, scope, plural } = collectionOf(set.members!)!;
      const where = scopeOf(resource, scope);
      if (where === undefined) continue;
      if (peek(resource.props, "exclusive") !== false) {
        const other = exclusives.get(`${set.kind}${where}`);
        if (other)
          reportViolation(
            `${label(resource)} and ${label(other)} are both exclusive sets of one ${scope ?? "instance"}: each would delete the other's entries at every \`up\`. Merge them, or give one \`exclusive: false\`.`,
            resource.urn,
          );
        else exclusives.set(`${set.kind}${where}`, resource);
      }
      const entries = peek(resource.props, plural);
      if (!entries || typeof entries !== "object") continue;
      for (const single of args.resources.filter((r) => has(r, set.members!.kind as Kind))) {
        const name = peek(single.props, key);
        if (typeof name !== "string" || !Object.hasOwn(entries, name) || scopeOf(single, scope) !== where) continue;
        reportViolation(
          `${label(single)} declares ${key} ${JSON.stringify(name)}, which ${label(resource)} also declares (${plural}[${JSON.stringify(name)}]): two resources would own one object. Keep it in one of them.`,
          single.urn,
        );
      }
    }
  },
};

/** Every policy of the pack, in the order of policy/README.md. */
// 11 ─────────────────────────────────────────────────────────────────────────────────────────────
const ENDPOINT_INPUTS = ["configExtensionEndpoint", "registryExtensionEndpoint", "secretExtensionEndpoint"] as const;

export const extensionEndpoints: ResourceValidationPolicy = {
  name: "woodpecker-extension-endpoints",
  description:
    "Repository extension endpoints (config, registry, secret) are https URLs on allow-listed hosts: the server sends them every pipeline's repository data, and with the netrc flags the forge credentials.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedHosts: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
          "Hosts an endpoint may point at: `host` on any port, `host:8443` on that port only, `*.example.com` any subdomain. Empty: no endpoint is allowed.",
      },
    },
  },
  validateResource: validateResourceOfKinds(["Repository"], (repo, args, reportViolation) => {
    const { allowedHosts } = config(args, { allowedHosts: [] as string[] });
    for (const key of ENDPOINT_INPUTS) {
      const endpoint = repo[key];
      if (typeof endpoint !== "string" || endpoint === "") continue;
      let url: URL | undefined;
      try {
        url = new URL(endpoint);
      } catch {
        url = undefined;
      }
      if (url?.protocol !== "https:") {
        reportViolation(
          `${label(args)}: ${key} ${JSON.stringify(endpoint)} is not an https URL; the server would send repository data (and with the netrc flag, forge credentials) unencrypted.`,
        );
      } else if (!hostAllowed(lower(url.host), allowedHosts)) {
        reportViolation(
          `${label(args)}: ${key} host ${JSON.stringify(url.host)} is not in the policy's allowedHosts (${allowedHosts.length ? allowedHosts.join(", ") : "empty: no endpoint is allowed"}).`,
        );
      }
    }
  }),
};

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  secretPullRequestImages,
  secretNamePattern,
  repositoryForkApproval,
  trustedRepositories,
  cronMinInterval,
  adminAllowList,
  registryHosts,
  forgeTlsVerify,
  globalAgents,
  secretShadowing,
  extensionEndpoints,
  setOwnership,
];

/** The pack's own level for policies that set none (every policy here sets one). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";
