/**
 * A server set up by hand, the way the inventory meets one: forge orgs and repositories in the
 * emulator's catalogue (POST /__emulator/seed), then every other object made through the public API
 * as an admin would (activations, settings, secrets, registries, crons, agents, users, forges).
 */

export type Api = (method: string, path: string, body?: unknown) => Promise<any>;

export interface SeedSize {
  orgs: number;
  reposPerOrg: number;
}

/** How many objects of each kind the seed made (orgs and users include the ones the server had). */
export type SeedCounts = Record<string, number>;

/** `control` posts to /__emulator/<path>; `api` calls /api as the admin. */
export async function seedInventoryServer(control: Api, api: Api, size: SeedSize): Promise<SeedCounts> {
  const orgNames = Array.from({ length: size.orgs }, (_, i) => `team-${i}`);
  const forgeRepos = orgNames.flatMap((org, o) =>
    Array.from({ length: size.reposPerOrg }, (_, r) => ({
      owner: org,
      name: `svc-${r}`,
      remoteId: String(5000 + o * 100 + r),
      admins: ["admin"],
      pushers: o === 0 ? ["alice"] : [],
    })),
  );
  await control("POST", "seed", {
    forgeOrgs: orgNames.map((name, o) => ({ name, admins: ["admin"], members: o === 0 ? ["admin", "alice"] : ["admin"] })),
    forgeRepos,
    users: Array.from({ length: 8 }, (_, i) => ({ login: `dev-${i}`, email: `dev-${i}@example.test`, admin: i === 0 })),
  });
  const counts: SeedCounts = {
    Repository: 0,
    RepositorySecret: 0,
    RepositoryRegistry: 0,
    RepositoryCron: 0,
    OrgSecret: 0,
    OrgRegistry: 0,
    OrgAgent: 0,
    GlobalSecret: 0,
    GlobalRegistry: 0,
    Agent: 0,
    Forge: 0,
  };
  // One at a time per org: v3.17.0 races when activating several repositories of a new owner at once.
  const repos: { id: number; org_id: number }[] = [];
  for (const repo of forgeRepos) {
    repos.push(await api("POST", `/repos?forge_remote_id=${repo.remoteId}`));
    counts.Repository!++;
  }
  await Promise.all(
    repos.map(async (repo, i) => {
      if (i % 3 === 0)
        await api("PATCH", `/repos/${repo.id}`, {
          visibility: "private",
          require_approval: "all_events",
          timeout: 45,
          trusted: { network: true, volumes: false, security: false },
          cancel_previous_pipeline_events: ["push"],
        });
      await api("POST", `/repos/${repo.id}/secrets`, {
        name: "deploy_token",
        value: `deploy-${repo.id}`,
        events: ["push", "tag"],
        images: i % 2 ? ["alpine"] : [],
        note: i % 2 ? "for the deploy step" : "",
      });
      await api("POST", `/repos/${repo.id}/secrets`, { name: "slack_webhook", value: `slack-${repo.id}`, events: ["cron"] });
      await api("POST", `/repos/${repo.id}/registries`, {
        address: i % 2 ? "ghcr.io" : "registry.example.test:5000",
        username: `bot-${repo.id}`,
        password: `pw-${repo.id}`,
      });
      await api("POST", `/repos/${repo.id}/cron`, {
        name: "nightly",
        schedule: "0 3 * * *",
        branch: "",
        timezone: i % 2 ? "Europe/Berlin" : "UTC",
        enabled: i % 4 !== 1,
        // Three ways a cron holds no variables or some: set, set empty ({}), and never sent (the server keeps null).
        variables: i % 5 === 0 ? { TARGET: "${CI_REPO}-nightly", MODE: "full" } : i % 5 === 1 ? {} : undefined,
      });
      counts.RepositorySecret! += 2;
      counts.RepositoryRegistry!++;
      counts.RepositoryCron!++;
    }),
  );
  const orgIds = [...new Set(repos.map((repo) => repo.org_id))];
  for (const orgId of orgIds) {
    await api("POST", `/orgs/${orgId}/secrets`, { name: "org_token", value: `org-${orgId}`, events: ["push", "pull_request"] });
    await api("POST", `/orgs/${orgId}/secrets`, { name: "npm_token", value: `npm-${orgId}`, events: ["push"], images: ["node"] });
    await api("POST", `/orgs/${orgId}/registries`, { address: "docker.io", username: `org-bot-${orgId}`, password: `org-pw-${orgId}` });
    await api("POST", `/orgs/${orgId}/agents`, { name: `org-runner-${orgId}`, no_schedule: false });
    counts.OrgSecret! += 2;
    counts.OrgRegistry!++;
    counts.OrgAgent!++;
  }
  for (const name of ["sonar_token", "codecov_token", "release_key", "mirror_password", "dockerhub_token"]) {
    await api("POST", "/secrets", { name, value: `global-${name}`, events: ["push", "tag", "release"] });
    counts.GlobalSecret!++;
  }
  for (const address of ["quay.io", "registry.gitlab.example.test"]) {
    await api("POST", "/registries", { address, username: "global-bot", password: `global-pw-${address}` });
    counts.GlobalRegistry!++;
  }
  for (const [i, name] of ["runner-a", "runner-b", "runner-gpu"].entries()) {
    await api("POST", "/agents", { name, no_schedule: i === 2 });
    counts.Agent!++;
  }
  for (const [i, url] of ["https://github.example.test", "https://gitlab.example.test", "https://codeberg.example.test"].entries()) {
    await api("POST", "/forges", {
      type: ["github", "gitlab", "forgejo"][i],
      url,
      client: `client-${i}`,
      oauth_client_secret: `forge-secret-${i}`,
      skip_verify: i === 2,
      oauth_host: "",
    });
    counts.Forge!++;
  }
  // A personal org holds secrets too (GET /orgs does not list personal orgs).
  const users = (await api("GET", "/users")) as { login: string; org_id: number }[];
  const alice = users.find((u) => u.login === "alice")!;
  await api("POST", `/orgs/${alice.org_id}/secrets`, { name: "personal_token", value: "personal-alice", events: ["push"] });
  counts.OrgSecret!++;
  counts.Org = orgIds.length + 1;
  counts.User = users.length;
  return counts;
}

export const total = (counts: SeedCounts) => Object.values(counts).reduce((sum, n) => sum + n, 0);
