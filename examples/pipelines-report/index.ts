import * as pulumi from "@pulumi/pulumi";
import * as woodpecker from "pulumi-woodpecker";

/**
 * A read-only report: no resources, only the data sources. For the repository named by config
 * `repository` (owner/name) it exports the status of the newest pipeline of each branch among the
 * last `limit` pipelines (default 100; the server sends 50 per page and the function reads the
 * pages it needs), and the latest push pipeline of the default branch.
 *
 * The server and token come from `pulumi config set woodpecker:server …` and
 * `pulumi config set --secret woodpecker:token …` (or WOODPECKER_SERVER / WOODPECKER_TOKEN).
 */
const config = new pulumi.Config();
const repository = config.require("repository");
const limit = config.getNumber("limit") ?? 100;

const repo = woodpecker.getRepositoryOutput({ fullName: repository });
const recent = woodpecker.getPipelinesOutput({ repositoryId: repo.id, limit });

interface BranchStatus {
  number: number;
  status: string;
  event: string;
  finished: string | null;
}

/** Pipelines come newest first, so the first one seen of each branch is its last. */
export const lastPipelineByBranch = recent.apply(({ pipelines }) => {
  const byBranch: Record<string, BranchStatus> = {};
  for (const p of pipelines) {
    if (p.branch in byBranch) continue;
    byBranch[p.branch] = { number: p.number, status: p.status, event: p.event, finished: p.finished ? new Date(p.finished * 1000).toISOString() : null };
  }
  return byBranch;
});

export const failingBranches = lastPipelineByBranch.apply((byBranch) =>
  Object.entries(byBranch)
    .filter(([, p]) => ["failure", "error", "killed"].includes(p.status))
    .map(([branch]) => branch)
    .sort(),
);

export const defaultBranch = repo.defaultBranch;
export const pipelinesRead = recent.pipelines.apply((list) => list.length);

/**
 * The server's `latest` is the newest *push* pipeline of the default branch: manual, cron, tag and
 * pull-request pipelines never count. A branch without push pipelines is a not-found error, which
 * the report shows as a sentence instead of failing.
 */
export const latestPushOnDefaultBranch = repo.id.apply((repositoryId) =>
  woodpecker.getPipeline({ repositoryId, latest: true }).then(
    (p) => `#${p.number} ${p.status} (${p.commit.slice(0, 8)})`,
    (error: { reason?: string }) => {
      if (error.reason === "not-found") return "none: no push pipeline on the default branch";
      throw error;
    },
  ),
);
