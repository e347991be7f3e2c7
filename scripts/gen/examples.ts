/**
 * The example program shown on each reference page. Every resource kind needs one (the generator
 * fails otherwise); a function without one gets a call with its required arguments. Each is a
 * whole program: test/examples.test.ts type-checks them against the built package.
 */

const header = `import * as woodpecker from "pulumi-woodpecker";\n`;
const withConfig = `import * as pulumi from "@pulumi/pulumi";\n${header}\nconst config = new pulumi.Config();\n`;
const repo = `const repo = new woodpecker.Repository("api", { fullName: "acme/api" });\n`;
const org = `const org = new woodpecker.Org("acme", { name: "acme" });\n`;

export const resourceExamples: Record<string, string> = {
  Repository: `${header}
const repo = new woodpecker.Repository("api", {
  fullName: "acme/api",
  visibility: "private",
  requireApproval: "forks",
  timeout: 30,
  cancelPreviousPipelineEvents: ["push", "pull_request"],
  trusted: { network: false, volumes: false, security: false },
});

export const repositoryId = repo.repositoryId;
`,
  RepositorySecret: `${withConfig}${repo}
new woodpecker.RepositorySecret("deploy-token", {
  repositoryId: repo.repositoryId,
  name: "deploy_token",
  value: config.requireSecret("deployToken"),
  events: ["push", "tag"],
  images: ["woodpeckerci/plugin-git", "alpine:3"],
  note: "Used by the deploy step",
});
`,
  RepositoryRegistry: `${withConfig}${repo}
new woodpecker.RepositoryRegistry("ghcr", {
  repositoryId: repo.repositoryId,
  address: "ghcr.io",
  username: "acme-bot",
  password: config.requireSecret("ghcrToken"),
});
`,
  RepositoryCron: `${header}
${repo}
new woodpecker.RepositoryCron("nightly", {
  repositoryId: repo.repositoryId,
  name: "nightly",
  schedule: "0 3 * * *",
  branch: "main",
  timezone: "Europe/Berlin",
  variables: { SUITE: "full" },
});
`,
  Org: `${header}
// Looks up an org that already exists on the server (the API cannot create orgs).
const org = new woodpecker.Org("acme", { name: "acme" });

export const orgId = org.orgId;
`,
  OrgSecret: `${withConfig}${org}
new woodpecker.OrgSecret("sonar-token", {
  orgId: org.orgId,
  name: "sonar_token",
  value: config.requireSecret("sonarToken"),
  events: ["push", "pull_request"],
});
`,
  OrgRegistry: `${withConfig}${org}
new woodpecker.OrgRegistry("docker-hub", {
  orgId: org.orgId,
  address: "docker.io",
  username: "acme",
  password: config.requireSecret("dockerHubToken"),
});
`,
  OrgAgent: `${header}
${org}
const agent = new woodpecker.OrgAgent("builder", { orgId: org.orgId, name: "acme-builder" });

// Give this to the agent as WOODPECKER_AGENT_SECRET; it stays a Pulumi secret.
export const agentToken = agent.token;
`,
  GlobalSecret: `${withConfig}
new woodpecker.GlobalSecret("npm-token", {
  name: "npm_token",
  value: config.requireSecret("npmToken"),
  events: ["tag", "release"],
  images: ["node:22"],
});
`,
  GlobalRegistry: `${withConfig}
new woodpecker.GlobalRegistry("mirror", {
  address: "registry.example.com:5000",
  username: "ci",
  password: config.requireSecret("mirrorPassword"),
});
`,
  RepositorySecretSet: `${withConfig}${repo}
// Exactly these secrets: one added by hand in the UI is shown by preview as a deletion, and deleted by \`up\`.
new woodpecker.RepositorySecretSet("api-secrets", {
  repositoryId: repo.repositoryId,
  secrets: {
    deploy_token: { value: config.requireSecret("deployToken"), events: ["push", "tag"] },
    npm_token: { value: config.requireSecret("npmToken"), events: ["tag"], images: ["node:22"] },
  },
});
`,
  RepositoryRegistrySet: `${withConfig}${repo}
new woodpecker.RepositoryRegistrySet("api-registries", {
  repositoryId: repo.repositoryId,
  registries: { "ghcr.io": { username: "acme-bot", password: config.requireSecret("ghcrToken") } },
});
`,
  RepositoryCronSet: `${header}
${repo}
new woodpecker.RepositoryCronSet("api-crons", {
  repositoryId: repo.repositoryId,
  crons: {
    nightly: { schedule: "0 3 * * *", branch: "main" },
    weekly: { schedule: "@weekly", variables: { SUITE: "full" } },
  },
});
`,
  OrgSecretSet: `${withConfig}${org}
new woodpecker.OrgSecretSet("acme-secrets", {
  orgId: org.orgId,
  secrets: { sonar_token: { value: config.requireSecret("sonarToken"), events: ["push", "pull_request"] } },
});
`,
  OrgRegistrySet: `${withConfig}${org}
// Manages only the declared registry; others of the org are left alone.
new woodpecker.OrgRegistrySet("acme-registries", {
  orgId: org.orgId,
  exclusive: false,
  registries: { "docker.io": { username: "acme", password: config.requireSecret("dockerHubToken") } },
});
`,
  GlobalSecretSet: `${withConfig}
new woodpecker.GlobalSecretSet("global-secrets", {
  secrets: { slack_webhook: { value: config.requireSecret("slackWebhook"), events: ["push", "tag", "deployment"] } },
});
`,
  GlobalRegistrySet: `${withConfig}
new woodpecker.GlobalRegistrySet("global-registries", {
  registries: { "registry.example.com:5000": { username: "ci", password: config.requireSecret("mirrorPassword") } },
});
`,
  Agent: `${header}
const agent = new woodpecker.Agent("shared", { name: "shared-amd64" });

export const agentToken = agent.token;
`,
  User: `${header}
new woodpecker.User("jane", { login: "jane", email: "jane@example.com", admin: false });
`,
  Forge: `${withConfig}
const gitlab = new woodpecker.Forge("gitlab", {
  type: "gitlab",
  url: "https://gitlab.example.com",
  client: "woodpecker-oauth-app-id",
  clientSecret: config.requireSecret("gitlabClientSecret"),
  orgs: ["acme"],
});

// Users of the second forge name it by id.
new woodpecker.User("joe", { login: "joe", forgeId: gitlab.forgeId });
`,
};

const call = (body: string) => `${header}\n${body}`;

export const functionExamples: Record<string, string> = {
  getPipelines: call(`const failed = woodpecker.getPipelinesOutput({ fullName: "acme/api", branch: "main", status: "failure", limit: 20 });

export const failedPipelines = failed.pipelines.apply((pipelines) => pipelines.map((p) => \`#\${p.number} \${p.commit}\`));
`),
  getPipeline: call(`// The latest push pipeline of the default branch, with its workflows and steps.
const latest = woodpecker.getPipelineOutput({ fullName: "acme/api", latest: true });

export const status = latest.status;
export const steps = latest.workflows.apply((workflows) => workflows.flatMap((w) => w.children.map((s) => \`\${w.name}/\${s.name}: \${s.state}\`)));
`),
  getRepository: call(`const repo = woodpecker.getRepositoryOutput({ fullName: "acme/api" });

export const repositoryId = repo.id;
export const defaultBranch = repo.defaultBranch;
`),
  getOrg: call(`const org = woodpecker.getOrgOutput({ name: "acme" });

// Org-level resources take the id without managing the org.
new woodpecker.OrgAgent("builder", { orgId: org.id, name: "acme-builder" });
`),
  getUser: call(`export const janeIsAdmin = woodpecker.getUserOutput({ login: "jane" }).admin;\n`),
  getCurrentUser: call(`woodpecker.getCurrentUser().then((me) => console.log(\`deploying as \${me.login}\${me.admin ? " (admin)" : ""}\`));\n`),
  getServerVersion: call(`export const serverVersion = woodpecker.getServerVersionOutput().version;\n`),
  getRepositorySecrets: call(
    `export const secretNames = woodpecker.getRepositorySecretsOutput({ fullName: "acme/api" }).secrets.apply((secrets) => secrets.map((s) => s.name));\n`,
  ),
  getRepositoryRegistries: call(
    `export const registries = woodpecker.getRepositoryRegistriesOutput({ fullName: "acme/api" }).registries.apply((list) => list.map((r) => r.address));\n`,
  ),
  getRepositoryCrons: call(
    `export const crons = woodpecker.getRepositoryCronsOutput({ fullName: "acme/api" }).crons.apply((list) => list.map((c) => \`\${c.name}: \${c.schedule}\`));\n`,
  ),
  getOrgSecrets: call(
    `export const orgSecretNames = woodpecker.getOrgSecretsOutput({ orgName: "acme" }).secrets.apply((secrets) => secrets.map((s) => s.name));\n`,
  ),
  getOrgRegistries: call(
    `export const orgRegistries = woodpecker.getOrgRegistriesOutput({ orgName: "acme" }).registries.apply((list) => list.map((r) => r.address));\n`,
  ),
  getOrgAgents: call(`export const orgAgents = woodpecker.getOrgAgentsOutput({ orgName: "acme" }).agents.apply((agents) => agents.map((a) => a.name));\n`),
  getGlobalSecrets: call(`export const globalSecretNames = woodpecker.getGlobalSecretsOutput().secrets.apply((secrets) => secrets.map((s) => s.name));\n`),
  getGlobalRegistries: call(
    `export const globalRegistries = woodpecker.getGlobalRegistriesOutput().registries.apply((list) => list.filter((r) => !r.readonly).map((r) => r.address));\n`,
  ),
  getAgents: call(`export const idleAgents = woodpecker.getAgentsOutput().agents.apply((agents) => agents.filter((a) => a.noSchedule).map((a) => a.name));\n`),
  getForges: call(`export const forgeUrls = woodpecker.getForgesOutput().forges.apply((forges) => forges.map((f) => \`\${f.type} \${f.url}\`));\n`),
  getUsers: call(`export const admins = woodpecker.getUsersOutput().users.apply((users) => users.filter((u) => u.admin).map((u) => u.login));\n`),
  getOrgs: call(`export const orgNames = woodpecker.getOrgsOutput().orgs.apply((orgs) => orgs.map((o) => o.name));\n`),
};

/** The overview page's program (docs/_index.md), once per supported language. */
export const overviewExamples: Array<{ language: string; fence: string; code: string }> = [
  {
    language: "TypeScript (plugin face)",
    fence: "typescript",
    code: `import * as pulumi from "@pulumi/pulumi";
import * as woodpecker from "pulumi-woodpecker/plugin";

const config = new pulumi.Config();
const repo = new woodpecker.Repository("api", { fullName: "acme/api", visibility: "private" });
new woodpecker.RepositorySecret("deploy-token", {
  repositoryId: repo.repositoryId,
  name: "deploy_token",
  value: config.requireSecret("deployToken"),
  events: ["push", "tag"],
});
`,
  },
  {
    language: "Python",
    fence: "python",
    code: `import pulumi
import pulumi_woodpecker as woodpecker

config = pulumi.Config()
repo = woodpecker.Repository("api", full_name="acme/api", visibility="private")
woodpecker.RepositorySecret("deploy-token",
    repository_id=repo.repository_id,
    name="deploy_token",
    value=config.require_secret("deployToken"),
    events=["push", "tag"])
`,
  },
  {
    language: "YAML",
    fence: "yaml",
    code: `name: woodpecker-yaml
runtime: yaml
config:
  deployToken:
    type: string
    secret: true
resources:
  api:
    type: woodpecker:index:Repository
    properties:
      fullName: acme/api
      visibility: private
  deploy-token:
    type: woodpecker:index:RepositorySecret
    properties:
      repositoryId: \${api.repositoryId}
      name: deploy_token
      value: \${deployToken}
      events: [push, tag]
`,
  },
];
