import * as pulumi from "@pulumi/pulumi";
import * as woodpecker from "pulumi-woodpecker";

// Server and token come from `pulumi config set woodpecker:server ...` and
// `pulumi config set --secret woodpecker:token ...` (or WOODPECKER_SERVER / WOODPECKER_TOKEN).
const config = new pulumi.Config();
const fullName = config.get("repository") ?? "acme/api";

const repo = new woodpecker.Repository("app", {
  fullName,
  visibility: "private",
  requireApproval: "forks",
  timeout: 30,
});

// Values come from secret config; the provider keeps them encrypted in state.
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

// The registry host is config too (`pulumi config set registry registry.example.com`); the server
// cannot change a registry's address, so a new host replaces the registry.
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

export const repositoryId = repo.repositoryId;
export const repositoryUrl = repo.forgeUrl;
export const nextNightlyRun = nightly.nextExec.apply((unix) => new Date(unix * 1000).toISOString());
