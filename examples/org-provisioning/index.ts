import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as woodpecker from "pulumi-woodpecker";
import { parse as parseYaml } from "yaml";

/**
 * Provisions one Woodpecker organization from a GitOps file (org.yaml by default; set
 * `pulumi config set orgFile org.violating.yaml` to try the policy pack's violations).
 *
 * Secret values and registry passwords are never in the YAML: each entry names a Pulumi secret
 * config key (`valueKey` / `passwordKey`), read with config.requireSecret.
 *
 * The server and token come from `pulumi config set woodpecker:server ...` and
 * `pulumi config set --secret woodpecker:token ...`. Users and global registries need an
 * instance admin token.
 */

type Event = "push" | "pull_request" | "pull_request_closed" | "pull_request_metadata" | "tag" | "release" | "deployment" | "cron" | "manual";

interface SecretEntry {
  name: string;
  valueKey: string;
  events: Event[];
  images?: string[];
  note?: string;
}
interface RegistryEntry {
  address: string;
  username: string;
  passwordKey: string;
}
interface RepositoryEntry {
  name: string;
  visibility?: "public" | "private" | "internal";
  requireApproval?: "none" | "forks" | "pull_requests" | "all_events";
  trusted?: { security?: boolean; volumes?: boolean; network?: boolean };
  secrets?: SecretEntry[];
  crons?: { name: string; schedule: string; branch?: string; timezone?: string }[];
}
interface OrgFile {
  org: string;
  admins?: string[];
  agents?: { name: string; noSchedule?: boolean; global?: boolean }[];
  registries?: RegistryEntry[];
  globalRegistries?: RegistryEntry[];
  secrets?: SecretEntry[];
  repositories?: RepositoryEntry[];
}

function readOrgFile(file: string): OrgFile {
  const full = path.resolve(__dirname, file);
  const data = parseYaml(fs.readFileSync(full, "utf8")) as OrgFile | null;
  if (!data || typeof data.org !== "string" || !data.org) throw new Error(`${file}: "org" (the organization name) is required`);
  for (const s of [...(data.secrets ?? []), ...(data.repositories ?? []).flatMap((r) => r.secrets ?? [])]) {
    if ("value" in s) throw new Error(`${file}: secret ${JSON.stringify(s.name)} has a value; put it in Pulumi secret config and name the key with valueKey`);
    if (!s.valueKey) throw new Error(`${file}: secret ${JSON.stringify(s.name)} needs valueKey (the Pulumi secret config key holding its value)`);
  }
  for (const r of [...(data.registries ?? []), ...(data.globalRegistries ?? [])]) {
    if ("password" in r) throw new Error(`${file}: registry ${JSON.stringify(r.address)} has a password; use passwordKey`);
  }
  return data;
}

const config = new pulumi.Config();
const desired = readOrgFile(config.get("orgFile") ?? "org.yaml");
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");

// Repositories first: the API cannot create orgs, and an org appears on the server when one of its
// repositories is activated (or a member logs in), so the Org lookup waits for them.
const repos = (desired.repositories ?? []).map((r) => ({
  entry: r,
  resource: new woodpecker.Repository(slug(r.name), {
    fullName: `${desired.org}/${r.name}`,
    visibility: r.visibility,
    requireApproval: r.requireApproval,
    trusted: r.trusted,
  }),
}));

const org = new woodpecker.Org(desired.org, { name: desired.org }, { dependsOn: repos.map((r) => r.resource) });

// Admins usually have an account already (from their first login): adopt it and make it admin.
for (const login of desired.admins ?? []) {
  new woodpecker.User(`admin-${slug(login)}`, { login, admin: true, adopt: true });
}

for (const agent of desired.agents ?? []) {
  if (agent.global) new woodpecker.Agent(`agent-${slug(agent.name)}`, { name: agent.name, noSchedule: agent.noSchedule });
  else new woodpecker.OrgAgent(`agent-${slug(agent.name)}`, { orgId: org.orgId, name: agent.name, noSchedule: agent.noSchedule });
}

for (const r of desired.registries ?? []) {
  new woodpecker.OrgRegistry(`registry-${slug(r.address)}`, {
    orgId: org.orgId,
    address: r.address,
    username: r.username,
    password: config.requireSecret(r.passwordKey),
  });
}

for (const r of desired.globalRegistries ?? []) {
  new woodpecker.GlobalRegistry(`global-registry-${slug(r.address)}`, {
    address: r.address,
    username: r.username,
    password: config.requireSecret(r.passwordKey),
  });
}

const secretArgs = (s: SecretEntry) => ({
  name: s.name,
  value: config.requireSecret(s.valueKey),
  events: s.events,
  images: s.images ?? [],
  note: s.note ?? "",
});

for (const s of desired.secrets ?? []) {
  new woodpecker.OrgSecret(`org-secret-${slug(s.name)}`, { orgId: org.orgId, ...secretArgs(s) });
}

const repositoryIds: Record<string, pulumi.Output<number>> = {};
for (const { entry: r, resource: repo } of repos) {
  repositoryIds[`${desired.org}/${r.name}`] = repo.repositoryId;
  for (const s of r.secrets ?? []) {
    new woodpecker.RepositorySecret(`${slug(r.name)}-secret-${slug(s.name)}`, { repositoryId: repo.repositoryId, ...secretArgs(s) });
  }
  for (const c of r.crons ?? []) {
    new woodpecker.RepositoryCron(`${slug(r.name)}-cron-${slug(c.name)}`, {
      repositoryId: repo.repositoryId,
      name: c.name,
      schedule: c.schedule,
      branch: c.branch,
      timezone: c.timezone,
    });
  }
}

export const orgId = org.orgId;
export const repositories = repositoryIds;
