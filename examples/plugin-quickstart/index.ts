import * as pulumi from "@pulumi/pulumi";
import * as woodpecker from "pulumi-woodpecker/plugin";

// The same program as examples/quickstart, through the native provider plugin
// (`pulumi-resource-woodpecker`): resources are `woodpecker:index:<Kind>`, state is small, and
// `pulumi import` works. Server and token come from `woodpecker:server` / `woodpecker:token`.
const config = new pulumi.Config();
const fullName = config.get("repository") ?? "acme/api";

const repo = new woodpecker.Repository("app", {
  fullName,
  visibility: "private",
  requireApproval: "forks",
  timeout: 30,
});

new woodpecker.RepositorySecret("deploy-token", {
  repositoryId: repo.repositoryId,
  name: "deploy_token",
  value: config.getSecret("deployToken") ?? pulumi.secret("change-me"),
  events: ["push", "tag", "deployment"],
  images: ["woodpeckerci/plugin-git", "alpine:3"],
  note: "Used by the deploy step",
});

new woodpecker.RepositorySecret("slack-webhook", {
  repositoryId: repo.repositoryId,
  name: "slack_webhook",
  value: config.getSecret("slackWebhook") ?? pulumi.secret("https://hooks.slack.example/T000/B000"),
  events: ["push", "cron"],
});

new woodpecker.RepositoryRegistry("registry", {
  repositoryId: repo.repositoryId,
  address: config.get("registry") ?? "ghcr.io",
  username: "ci-bot",
  password: config.getSecret("registryPassword") ?? pulumi.secret("ghp_example"),
});

const nightly = new woodpecker.RepositoryCron("nightly", {
  repositoryId: repo.repositoryId,
  name: "nightly",
  schedule: "0 3 * * *",
  timezone: "Europe/Berlin",
});

// A second server in the same program: an explicit provider with its own URL and token (a secret
// in state). Set `stagingServer` and `stagingToken` (--secret) to use it.
const stagingServer = config.get("stagingServer");
let stagingRepositoryId: pulumi.Output<number> | undefined;
if (stagingServer) {
  const staging = new woodpecker.Provider("staging", { server: stagingServer, token: config.requireSecret("stagingToken") });
  const stagingRepo = new woodpecker.Repository("staging-app", { fullName, requireApproval: "all_events" }, { provider: staging });
  new woodpecker.RepositorySecret(
    "staging-deploy-token",
    {
      repositoryId: stagingRepo.repositoryId,
      name: "deploy_token",
      value: config.getSecret("deployToken") ?? pulumi.secret("change-me"),
      events: ["deployment"],
    },
    { provider: staging },
  );
  stagingRepositoryId = stagingRepo.repositoryId;
}

export const repositoryId = repo.repositoryId;
export const repositoryUrl = repo.forgeUrl;
export const nextNightlyRun = nightly.nextExec.apply((unix) => new Date(unix * 1000).toISOString());
export const stagingRepository = stagingRepositoryId;
