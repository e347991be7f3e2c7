import { z } from "zod";
import { WEBHOOK_EVENTS } from "../validation.js";
import { exactlyOne, explain, quote, readRepository, repositoryArgs, repositoryRef, repoHint } from "./common.js";
import { pipeline, STATUS_VALUES, workflow } from "./schemas.js";
import { defineFunction, field, input } from "./spec.js";
import { ref } from "../engine/example.js";

const event = z.enum(WEBHOOK_EVENTS, { error: (i) => `unknown event ${JSON.stringify(i.input)}; expected one of ${WEBHOOK_EVENTS.join(", ")}` });
const rfc3339 = z.iso.datetime({ offset: true, error: "expected an RFC 3339 time such as 2024-05-01T00:00:00Z" });
const branch = z.string().trim().min(1, "branch must not be empty");

/**
 * Pipelines of a repository, newest first: the release orders them by number, descending
 * (woodpecker v3.17.0 server/store/datastore/pipeline.go GetPipelineList; no conformance case, since
 * the targets' forge has no pipeline config and so no pipeline can be made; the emulator does the same,
 * emulator/routes/pipelines.ts). The filters' values: pinned: test/conformance/cases.ts, "enums: every webhook event".
 */
export const getPipelines = defineFunction({
  name: "getPipelines",
  doc: "Lists the pipelines of a repository, newest first (by number), with the server's filters. Reads as many pages as `limit` needs.",
  caveats: [
    "Needs pull permission on the repository (public repositories can be read by anyone); without it the server answers 404, as for a missing repository.",
    "The list has no workflows or steps; use getPipeline for one pipeline's details.",
    "`before` and `after` compare with the pipeline's creation time, strictly.",
    "`ref` matches any ref containing the text (SQL LIKE %ref%).",
  ],
  args: {
    ...repositoryArgs,
    branch: input(branch.optional(), "Only pipelines of this branch (exact match; for pull requests the target branch)."),
    event: input(
      z
        .union([event, z.array(event).min(1, "give at least one event, or leave event out")])
        .optional()
        .transform((value) => (value === undefined ? undefined : [...new Set([value].flat())])),
      "Only pipelines started by this event, or by any of these events: push, pull_request, pull_request_closed, pull_request_metadata, tag, release, deployment, cron, manual.",
    ),
    status: input(
      z.enum(STATUS_VALUES, { error: (i) => `unknown status ${JSON.stringify(i.input)}; expected one of ${STATUS_VALUES.join(", ")}` }).optional(),
      `Only pipelines with this status: ${STATUS_VALUES.join(", ")}.`,
    ),
    ref: input(z.string().min(1, "ref must not be empty").optional(), "Only pipelines whose git ref contains this text, e.g. refs/tags/ or refs/pull/12/."),
    before: input(rfc3339.optional(), "Only pipelines created before this RFC 3339 time, e.g. 2024-05-01T00:00:00Z."),
    after: input(rfc3339.optional(), "Only pipelines created after this RFC 3339 time."),
    limit: input(
      z.number().int().min(1, "limit must be at least 1").default(50),
      "Most pipelines to return (default 50). The server sends 50 per page; the function reads the pages the limit needs.",
    ),
  },
  validate: (args) => exactlyOne(args, "repositoryId", "fullName"),
  result: z.object({
    repositoryId: field(z.number().int(), "Numeric id of the repository."),
    pipelines: field(z.array(pipeline), "The pipelines, newest first, without workflows."),
  }),
  run: async (client, args) => {
    const repo = await repositoryRef(client, args);
    const query = { branch: args.branch, event: args.event, status: args.status, ref: args.ref, before: args.before, after: args.after };
    const pipelines = await explain(
      client.list(`/repos/${repo.id}/pipelines`, { query, limit: args.limit, object: `pipelines of ${repo.label}` }),
      "not-found",
      repoHint("the repository", "pull"),
    );
    return { repositoryId: repo.id, pipelines };
  },
  example: {
    calls: [{ variable: "failed", function: "getPipelines", args: { fullName: "acme/api", branch: "main", status: "failure", limit: 20 } }],
    exports: { failedPipelines: ref("failed", "pipelines") },
  },
});

/** One pipeline with its workflows and steps, by number or the latest push (pinned: test/conformance/cases.ts, "repo lookup is case-insensitive"). */
export const getPipeline = defineFunction({
  name: "getPipeline",
  doc: "Reads one pipeline of a repository with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`).",
  caveats: [
    "`latest` is the server's rule: the highest-numbered pipeline started by a **push** to the repository's default branch (or to `branch`). Manual, cron, tag, pull-request and deployment pipelines are never `latest`; when the branch has no push pipeline the function fails with not found, even if other pipelines exist. Use getPipelines with filters to find those.",
    "Needs pull permission on the repository; without it the server answers 404, as for a missing repository.",
  ],
  args: {
    ...repositoryArgs,
    number: input(z.number().int().min(1, "number must be at least 1").optional(), "Pipeline number within the repository. Give this or latest."),
    latest: input(
      z.literal(true, { error: "latest must be true (leave it out to read by number)" }).optional(),
      "Read the latest push pipeline instead of a numbered one.",
    ),
    branch: input(branch.optional(), "With latest: the branch to look at instead of the repository's default branch."),
  },
  validate: (args) => [
    ...exactlyOne(args, "repositoryId", "fullName"),
    ...exactlyOne(args, "number", "latest"),
    ...(args.branch !== undefined && !args.latest ? [{ property: "branch", reason: "branch applies only with latest: true" }] : []),
  ],
  result: pipeline.extend({
    repositoryId: field(z.number().int(), "Numeric id of the repository."),
    workflows: field(z.array(workflow).default([]), "Workflows of the pipeline, each with its steps (children)."),
  }),
  run: async (client, args) => {
    const repo = await readRepository(client, args);
    const label = args.fullName !== undefined ? `repository ${quote(args.fullName)}` : `repository ${repo.id}`;
    let found: unknown;
    if (args.number !== undefined) {
      found = await explain(
        client.get(`/repos/${repo.id}/pipelines/${args.number}`, { object: `pipeline ${args.number} of ${label}` }),
        "not-found",
        "the repository has no pipeline with this number",
      );
    } else {
      const branchName = args.branch ?? String(repo.default_branch ?? "");
      const where = args.branch !== undefined ? `branch ${quote(branchName)}` : `the default branch ${quote(branchName)}`;
      found = await explain(
        client.get(`/repos/${repo.id}/pipelines/latest`, { query: { branch: args.branch }, object: `latest pipeline of ${label}` }),
        "not-found",
        `no push pipeline exists on ${where}. The server's latest considers only pipelines started by a push to that branch; manual, cron, tag, pull-request and deployment pipelines are ignored (use getPipelines with branch and event filters to find those)`,
      );
    }
    return { ...(found as object), repositoryId: repo.id };
  },
  example: {
    calls: [
      {
        variable: "latest",
        function: "getPipeline",
        args: { fullName: "acme/api", latest: true },
        comment: "The latest push pipeline of the default branch, with its workflows and steps.",
      },
    ],
    exports: { status: ref("latest", "status"), workflows: ref("latest", "workflows") },
  },
});
