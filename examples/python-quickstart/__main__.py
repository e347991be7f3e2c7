"""The program of examples/plugin-quickstart in Python, through the native provider plugin.

Resources are `woodpecker:index:<Kind>`, served by `pulumi-resource-woodpecker`; the server and the
token come from `woodpecker:server` / `woodpecker:token`.
"""

from datetime import datetime, timezone
from typing import Optional

import pulumi
import pulumi_woodpecker as woodpecker

config = pulumi.Config()
full_name = config.get("repository") or "acme/api"

repo = woodpecker.Repository(
    "app",
    full_name=full_name,
    visibility=woodpecker.Visibility.PRIVATE,
    require_approval=woodpecker.ApprovalMode.FORKS,
    timeout=30,
)
repository_id = repo.repository_id

woodpecker.RepositorySecret(
    "deploy-token",
    repository_id=repository_id,
    name="deploy_token",
    value=config.get_secret("deployToken") or pulumi.Output.secret("change-me"),
    events=[woodpecker.WebhookEvent.PUSH, woodpecker.WebhookEvent.TAG, woodpecker.WebhookEvent.DEPLOYMENT],
    images=["woodpeckerci/plugin-git", "alpine:3"],
    note="Used by the deploy step",
)

woodpecker.RepositorySecret(
    "slack-webhook",
    repository_id=repository_id,
    name="slack_webhook",
    value=config.get_secret("slackWebhook") or pulumi.Output.secret("https://hooks.slack.example/T000/B000"),
    events=[woodpecker.WebhookEvent.PUSH, woodpecker.WebhookEvent.CRON],
)

woodpecker.RepositoryRegistry(
    "registry",
    repository_id=repository_id,
    address=config.get("registry") or "ghcr.io",
    username="ci-bot",
    password=config.get_secret("registryPassword") or pulumi.Output.secret("ghp_example"),
)

nightly = woodpecker.RepositoryCron(
    "nightly",
    repository_id=repository_id,
    name="nightly",
    schedule="0 3 * * *",
    timezone="Europe/Berlin",
)

# A second server in the same program: an explicit provider with its own URL and token (a secret in
# state). Set `stagingServer` and `stagingToken` (--secret) to use it.
staging_server = config.get("stagingServer")
staging_repository_id: Optional[pulumi.Output[int]] = None
if staging_server:
    staging = woodpecker.Provider("staging", server=staging_server, token=config.require_secret("stagingToken"))
    staging_repo = woodpecker.Repository(
        "staging-app",
        full_name=full_name,
        require_approval=woodpecker.ApprovalMode.ALL_EVENTS,
        opts=pulumi.ResourceOptions(provider=staging),
    )
    woodpecker.RepositorySecret(
        "staging-deploy-token",
        repository_id=staging_repo.repository_id,
        name="deploy_token",
        value=config.get_secret("deployToken") or pulumi.Output.secret("change-me"),
        events=[woodpecker.WebhookEvent.DEPLOYMENT],
        opts=pulumi.ResourceOptions(provider=staging),
    )
    staging_repository_id = staging_repo.repository_id


def iso(unix: float) -> str:
    return datetime.fromtimestamp(unix, tz=timezone.utc).isoformat().replace("+00:00", "Z")


pulumi.export("repositoryId", repository_id)
pulumi.export("repositoryUrl", repo.forge_url)
pulumi.export("nextNightlyRun", nightly.next_exec.apply(iso))
pulumi.export("stagingRepository", staging_repository_id)
