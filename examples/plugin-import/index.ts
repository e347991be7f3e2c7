import * as pulumi from "@pulumi/pulumi";
import * as woodpecker from "pulumi-woodpecker/plugin";

// Objects made by hand on the server, declared as they are so that `pulumi import` can adopt them
// (see README.md). The repository is referenced by id: it was activated by hand too.
const config = new pulumi.Config();
const repositoryId = config.requireNumber("repositoryId");

// Write-only values no import can read: declared from secret config, sent by the first `up`.
new woodpecker.RepositorySecret("deploy", {
  repositoryId,
  name: "deploy_token",
  value: config.requireSecret("deployToken"),
  events: ["push", "tag"],
});

new woodpecker.RepositoryRegistry("registry", {
  repositoryId,
  address: "ghcr.io",
  username: "ci-bot",
  password: config.requireSecret("registryPassword"),
});

new woodpecker.RepositoryCron("nightly", {
  repositoryId,
  name: "nightly",
  schedule: "0 3 * * *",
});

new woodpecker.GlobalSecret("shared", {
  name: "shared_token",
  value: config.requireSecret("sharedToken"),
  events: ["push"],
});
