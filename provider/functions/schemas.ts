import { z } from "zod";
import { field as f, secretField } from "./spec.js";

/**
 * Result shapes of the API objects, camelCase (the runner maps each key from its snake_case form).
 * Fields the server leaves out when empty (Go omitempty) or sends as null get defaults, so results
 * are complete. Write-only fields (secret values, registry passwords, OAuth secrets) are not declared
 * and so never appear.
 */

/** Pipeline status values (pinned: test/conformance/cases.ts, "enums: every webhook event"). */
export const STATUS_VALUES = ["skipped", "pending", "running", "success", "failure", "killed", "canceled", "error", "blocked", "declined", "created"] as const;

const int = z.number().int();
const time = (what: string) => f(int.default(0), `${what}, Unix time in seconds (0 when not yet).`);
const text = (doc: string) => f(z.string().default(""), doc);
const flag = (doc: string) => f(z.boolean().default(false), doc);
const strings = (doc: string) => f(z.array(z.string()).default([]), doc);
const stringMap = (doc: string) => f(z.record(z.string(), z.string()).default({}), doc);

export const pipelineError = z.object({
  type: f(z.string(), "Error kind: linter, deprecation, compiler, generic or bad_habit."),
  message: f(z.string(), "What went wrong."),
  isWarning: flag("A warning that did not stop the pipeline."),
  data: f(z.unknown().optional(), "Details as the server gives them (shape depends on the kind)."),
});

export const pipeline = z.object({
  id: f(int, "Server-wide id of the pipeline."),
  number: f(int, "Number of the pipeline within its repository (what the UI shows)."),
  parent: f(int.default(0), "Number of the pipeline this one restarted (0: none)."),
  event: f(
    z.string(),
    "Webhook event that started it: push, pull_request, pull_request_closed, pull_request_metadata, tag, release, deployment, cron or manual.",
  ),
  eventReason: strings("Why the event started a pipeline, as the forge reports it."),
  status: f(z.string(), `Status: ${STATUS_VALUES.join(", ")}.`),
  errors: f(z.array(pipelineError).default([]), "Errors and warnings found in the configuration."),
  created: time("Created"),
  updated: time("Last updated"),
  started: time("Started"),
  finished: time("Finished"),
  deployTo: text("Deployment target (deployment events)."),
  deployTask: text("Deployment task (deployment events)."),
  commit: text("Commit SHA."),
  branch: text("Branch (the target branch for pull requests)."),
  ref: text("Git ref, e.g. refs/heads/main, refs/tags/v1, refs/pull/3/head."),
  refspec: text("Refspec of pull requests (source:target)."),
  rerunCount: f(int.default(0), "How often it was restarted."),
  forgeUrl: text("Link to the commit, tag or pull request on the forge."),
  reviewedBy: text("Login of who approved or declined it."),
  reviewed: time("Approved or declined"),
  version: text("Woodpecker version that created the pipeline."),
  title: text("Title (pull request or release title)."),
  message: text("Commit message; the cron name for cron pipelines; `created tag …` / `created release …` for tags and releases."),
  timestamp: time("Commit time"),
  sender: text("Login that triggered the event; the cron name for cron pipelines."),
  author: text("Commit author login."),
  authorAvatar: text("Commit author avatar URL."),
  authorEmail: text("Commit author e-mail address."),
  cancelInfo: f(
    z
      .object({
        canceledByUser: text("Login of who canceled it."),
        supersededBy: f(int.default(0), "Number of the newer pipeline that replaced it."),
        canceledByStep: text("Step whose failure canceled it."),
      })
      .optional(),
    "Why it was canceled; absent when it was not.",
  ),
  changedFiles: strings("Files the push or pull request changed."),
  variables: stringMap("Variables given to a manual or cron pipeline."),
  prLabels: strings("Labels of the pull request."),
  prMilestone: text("Milestone of the pull request."),
  prDraft: flag("The pull request is a draft."),
  cron: text("Name of the cron that started it."),
  fromFork: flag("The pull request comes from a fork."),
  release: f(
    z.object({ title: text("Release title."), isPrerelease: flag("Marked as a pre-release.") }).optional(),
    "Release details (release events); absent otherwise.",
  ),
  tagTitle: text("Tag name (tag and release events)."),
  isPrerelease: flag("The release is a pre-release."),
});

export const step = z.object({
  id: f(int, "Server-wide id of the step."),
  uuid: text("Unique id of the step."),
  pipelineId: f(int, "Id of the pipeline."),
  pid: f(int, "Process number within the pipeline."),
  ppid: f(int, "Process number of the step's workflow."),
  name: f(z.string(), "Step name."),
  state: f(z.string(), "Status of the step."),
  error: text("Error message, if it failed to run."),
  exitCode: f(int.default(0), "Exit code."),
  started: time("Started"),
  finished: time("Finished"),
  type: text("Step type: clone, service, plugin, commands or cache."),
});

export const workflow = z.object({
  id: f(int, "Server-wide id of the workflow."),
  pipelineId: f(int, "Id of the pipeline."),
  pid: f(int, "Process number within the pipeline."),
  name: f(z.string(), "Workflow name (the config file's name)."),
  state: f(z.string(), "Status of the workflow."),
  error: text("Error message, if it failed to run."),
  started: time("Started"),
  finished: time("Finished"),
  agentId: f(int.default(0), "Agent that ran it (0: not yet)."),
  platform: text("Platform it ran on."),
  environ: stringMap("Environment of the workflow (matrix values)."),
  children: f(z.array(step).default([]), "The workflow's steps."),
});

export const repository = z.object({
  id: f(int, "Numeric id of the repository in Woodpecker (the `repositoryId` other functions and resources take)."),
  forgeId: f(int.default(0), "Forge the repository lives on."),
  forgeRemoteId: text("The forge's id of the repository."),
  orgId: f(int.default(0), "Organization the repository belongs to."),
  owner: text("Owner part of the full name."),
  name: text("Name part of the full name."),
  fullName: f(z.string(), "Full name, owner/name."),
  avatarUrl: text("Avatar URL."),
  forgeUrl: text("Web address on the forge."),
  cloneUrl: text("Clone URL."),
  cloneUrlSsh: text("SSH clone URL."),
  defaultBranch: text("Default branch on the forge; `latest` pipelines look here."),
  prEnabled: flag("Pull request pipelines enabled on the forge side."),
  timeout: f(int.default(0), "Pipeline timeout in minutes."),
  visibility: text("public, private or internal."),
  private: flag("The forge's private flag."),
  trusted: f(
    z
      .object({ network: flag("Trusted network."), volumes: flag("Trusted volumes."), security: flag("Trusted security options.") })
      .default({ network: false, volumes: false, security: false }),
    "Trusted flags.",
  ),
  requireApproval: text("Which pipelines wait for approval: none, forks, pull_requests or all_events."),
  approvalAllowedUsers: strings("Logins whose pipelines need no approval."),
  active: flag("Activated in Woodpecker. Deactivated repositories are still returned, with active false."),
  allowPr: flag("Pipelines run for pull requests."),
  allowDeploy: flag("Deployment events allowed."),
  configFile: text("Pipeline config path (empty: the server's default)."),
  cancelPreviousPipelineEvents: strings("Events whose newer pipelines cancel older running ones."),
  netrcTrusted: strings("Plugin images trusted with the netrc credentials."),
});

export const org = z.object({
  id: f(int, "Numeric id of the organization (the `orgId` org-level resources and functions take)."),
  forgeId: f(int.default(0), "Forge the organization lives on."),
  name: f(z.string(), "Name on the forge."),
  isUser: flag("A user's personal organization."),
});

export const user = z.object({
  id: f(int, "Numeric id of the user."),
  forgeId: f(int.default(0), "Forge the user logs in through."),
  forgeRemoteId: text('The forge\'s id of the user; "0" for users created through the API until they first log in.'),
  login: f(z.string(), "Login name."),
  email: text("E-mail address."),
  avatarUrl: text("Avatar URL."),
  admin: flag("Instance admin."),
  orgId: f(int.default(0), "Id of the user's personal organization."),
});

export const listedUser = user.extend({
  adminEnv: flag("Admin through the server's WOODPECKER_ADMIN setting rather than the admin flag."),
});

export const secret = z.object({
  id: f(int, "Numeric id of the secret."),
  orgId: f(int.default(0), "Organization of an org secret (0 otherwise)."),
  repoId: f(int.default(0), "Repository of a repository secret (0 otherwise)."),
  name: f(z.string(), "Secret name. The value is write-only and never returned."),
  images: strings("Only steps running these images may use it (empty: every image)."),
  events: strings("Webhook events whose pipelines may use it."),
  note: text("Free-text note."),
});

export const registry = z.object({
  id: f(int, "Numeric id of the registry (0 for read-only entries from the server's docker config file)."),
  orgId: f(int.default(0), "Organization of an org registry (0 otherwise)."),
  repoId: f(int.default(0), "Repository of a repository registry (0 otherwise)."),
  address: f(z.string(), "Registry host, e.g. docker.io. The password is write-only and never returned."),
  username: text("User name for the registry."),
  readonly: flag("Comes from the server's WOODPECKER_DOCKER_CONFIG file and cannot be changed through the API."),
});

export const cron = z.object({
  id: f(int, "Numeric id of the cron."),
  name: f(z.string(), "Cron name."),
  repoId: f(int, "Repository of the cron."),
  creatorId: f(int.default(0), "User who last wrote it."),
  nextExec: time("Next run"),
  schedule: f(z.string(), "Schedule (crontab, descriptor or @every)."),
  timezone: text("Time zone the schedule is read in."),
  created: time("Created"),
  branch: text("Branch it runs on (empty: the default branch)."),
  enabled: flag("Whether it runs."),
  variables: stringMap("Variables passed to the pipeline."),
});

export const agent = z.object({
  id: f(int, "Numeric id of the agent."),
  created: time("Created"),
  updated: time("Last updated"),
  name: text("Agent name (names may repeat)."),
  ownerId: f(int.default(0), "User who created it (-1: registered with the shared agent secret)."),
  token: secretField(
    z.string().default(""),
    "Token the agent connects with (WOODPECKER_AGENT_SECRET). The server returns it on every read; here it is a Pulumi secret Output.",
  ),
  lastContact: time("Last contact"),
  lastWork: time("Last work"),
  platform: text("Platform, reported by the agent."),
  backend: text("Backend, reported by the agent."),
  capacity: f(int.default(0), "Parallel workflows, reported by the agent."),
  version: text("Agent version, reported by the agent."),
  noSchedule: flag("No new work is scheduled on it."),
  customLabels: stringMap("Labels the agent reports."),
  orgId: f(int.default(-1), "Organization of an org agent; -1 for global agents."),
});

export const forge = z.object({
  id: f(int, "Numeric id of the forge."),
  type: f(z.string(), "Forge type: github, gitlab, gitea, forgejo, bitbucket, bitbucket-dc or addon."),
  url: f(z.string(), "Forge base URL."),
  client: text("OAuth client id (admins only; empty for others)."),
  skipVerify: flag("TLS verification of the forge is skipped (admins only)."),
  oauthHost: text("Public OAuth host when it differs from url (admins only)."),
  orgs: strings("Only members of these orgs may log in (admins only)."),
  additionalOptions: secretField(
    z.record(z.string(), z.unknown()).default({}),
    "Forge-type specific options, returned to admins in clear text and possibly holding credentials: a Pulumi secret Output. The OAuth client secret is write-only and never returned.",
  ),
});

export const serverVersion = z.object({
  source: text("Source repository of the server."),
  version: f(z.string(), "Server version, e.g. 3.5.0."),
});
