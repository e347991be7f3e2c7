import { z } from "zod";
import { defineSpec, input, output } from "../engine/spec.js";
import { cronSchedule, nonEmpty, timezone, verbatim } from "../validation.js";
import { adoptInput, quote, repositoryIdInput } from "./common.js";
import { ref } from "../engine/example.js";
import { exampleRepository } from "./example-parts.js";

/** A scheduled pipeline of one repository (pinned: test/conformance/cases.ts, "cron: enabled defaults to false", "duplicate cron"). */
export const RepositoryCron = defineSpec({
  kind: "RepositoryCron",
  doc: "A schedule that starts a repository's pipeline with the `cron` event.",
  caveats: [
    "`enabled` defaults to true here; the server's own default when the field is left out is false.",
    "The server cannot clear `branch` once set: changing it back to empty (the default branch) replaces the cron.",
    "A cron survives a hard delete of its repository on the server.",
  ],
  inputs: {
    repositoryId: repositoryIdInput,
    name: input(nonEmpty("name"), "Cron name, unique within the repository; pipelines see it as the cron name.", { api: "name" }),
    schedule: input(
      cronSchedule,
      "Five-field crontab (minute hour day-of-month month day-of-week), a descriptor such as @daily or @hourly, or `@every <duration>` such as @every 30m. No seconds field.",
      { api: "schedule" },
    ),
    branch: input(verbatim(z.string()).default(""), "Branch to run on; empty means the repository's default branch. The branch must exist on the forge.", {
      api: "branch",
    }),
    timezone: input(timezone.default("UTC"), "IANA time zone the schedule is read in.", { api: "timezone", since: "3.15.0" }),
    variables: input(z.record(z.string(), z.string()).default({}), "Variables passed to the pipeline.", { api: "variables", since: "3.13.0" }),
    enabled: input(z.boolean().default(true), "Whether the cron runs. Defaults to true (the server's default is false).", { api: "enabled", since: "3.13.0" }),
    ...adoptInput,
  },
  outputs: {
    cronId: output(z.number().int(), "id", "Numeric id the server gave the cron."),
    nextExec: output(z.number().int(), "next_exec", "Unix time of the next run."),
    creatorId: output(z.number().int(), "creator_id", "Id of the user who last wrote the cron."),
  },
  id: (s) => `${s.repositoryId}/${s.cronId}`,
  idFormat: "<repositoryId>/<cronId>",
  describe: (s) => `cron ${quote(s.name)} of repository ${s.repositoryId}`,
  naturalKey: ["repositoryId", "name"],
  endpoints: {
    create: "POST /repos/{repositoryId}/cron",
    read: "GET /repos/{repositoryId}/cron/{cronId}",
    update: "PATCH /repos/{repositoryId}/cron/{cronId}",
    delete: "DELETE /repos/{repositoryId}/cron/{cronId}",
    find: "LIST /repos/{repositoryId}/cron",
  },
  list: {
    endpoint: "LIST /repos/{repositoryId}/cron",
    scope: "repositoryId",
    rights: "repository push",
    noun: "repository crons",
    name: { prefix: "cron", parts: (s, parent) => [parent("repositoryId"), String(s.name)] },
    set: { key: "name", plural: "crons" },
  },
  pickFromList: (crons, s) => crons.find((cron) => cron.name === s.name),
  // PATCH ignores an empty branch, so going back to the default branch needs a new cron.
  quirks: { replaceWhen: (olds, news) => (olds.branch && !news.branch ? ["branch"] : []) },
  example: {
    resources: [
      exampleRepository,
      {
        name: "nightly",
        kind: "RepositoryCron",
        inputs: {
          repositoryId: ref("repo", "repositoryId"),
          name: "nightly",
          schedule: "0 3 * * *",
          branch: "main",
          timezone: "Europe/Berlin",
          variables: { SUITE: "full" },
        },
      },
    ],
  },
});
