/** The smallest valid arguments of every resource kind: a base for corpus cases, registration checks and benchmarks. */
export const MINIMAL_ARGS: Record<string, Record<string, unknown>> = {
  Repository: { fullName: "acme/api" },
  RepositorySecret: { repositoryId: 1, name: "n", value: "v", events: ["push"] },
  RepositoryRegistry: { repositoryId: 1, address: "ghcr.io", username: "u", password: "p" },
  RepositoryCron: { repositoryId: 1, name: "n", schedule: "@daily" },
  Org: { name: "acme" },
  OrgSecret: { orgId: 1, name: "n", value: "v", events: ["push"] },
  OrgRegistry: { orgId: 1, address: "ghcr.io", username: "u", password: "p" },
  OrgAgent: { orgId: 1, name: "runner" },
  GlobalSecret: { name: "n", value: "v", events: ["push"] },
  GlobalRegistry: { address: "ghcr.io", username: "u", password: "p" },
  Agent: { name: "runner" },
  User: { login: "bob" },
  Forge: { type: "gitea", url: "https://git.example.com" },
};
