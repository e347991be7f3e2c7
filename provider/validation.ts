import { z } from "zod";
import { goUrlParseError } from "./gourl.js";

/**
 * Zod schemas that mirror the server's own validation, so `pulumi preview` rejects what `pulumi up`
 * would have the server reject, with the field named. The server's rules:
 * (pinned: test/conformance/cases.ts, "enums: every webhook event", "validation status codes differ by level")
 * (pinned: test/conformance/cases.ts, "secret images: a dotted tag is rejected", "cron: enabled defaults to false", "cron: a schedule without a future run")
 * (pinned: test/conformance/cases.ts, "users created through the API have forge_remote_id")
 */

export const WEBHOOK_EVENTS = [
  "push",
  "pull_request",
  "pull_request_closed",
  "pull_request_metadata",
  "tag",
  "release",
  "deployment",
  "cron",
  "manual",
] as const;
export const VISIBILITIES = ["public", "private", "internal"] as const;
export const APPROVAL_MODES = ["none", "forks", "pull_requests", "all_events"] as const;
export const FORGE_TYPES = ["github", "gitlab", "gitea", "forgejo", "bitbucket", "bitbucket-dc", "addon"] as const;

/**
 * A value taken exactly as declared: surrounding white space is refused, never trimmed, because
 * the server either stores it as sent (secrets, registries, agents) or trims it (crons), and either
 * way the object would not be the one declared, nor found again by its key.
 */
export const verbatim = <S extends z.ZodString>(schema: S) =>
  schema.superRefine((value, ctx) => {
    if (value.trim() !== value && value.trim() !== "")
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(value)} has leading or trailing white space, which the server would not keep as declared; write ${JSON.stringify(value.trim())}`,
      });
  });

export const nonEmpty = (what: string) => verbatim(z.string().refine((value) => value.trim() !== "", `${what} must not be empty`));

/** A registry address: the server parses it with Go's net/url and refuses what does not parse (e.g. `%zz`, `127.0.0.1:5000`). */
export const registryAddress = nonEmpty("address").superRefine((value, ctx) => {
  const problem = goUrlParseError(value);
  if (problem)
    ctx.addIssue({
      code: "custom",
      message: `the server parses addresses as URLs and would refuse this one (${problem}); use a host[:port] such as ghcr.io or registry.example.com:5000, and a host name rather than an IP address with a port`,
    });
});

/** Webhook events, at least one: the server has no default for secrets. Sorted, as the server stores them. */
export const events = z
  .array(z.enum(WEBHOOK_EVENTS, { error: (i) => `unknown event ${JSON.stringify(i.input)}; expected one of ${WEBHOOK_EVENTS.join(", ")}` }))
  .min(1, 'at least one event is needed (the server has no default), e.g. ["push"]')
  .transform((list) => [...new Set(list)].sort());

// The server's docker reference pattern (server/model/secret.go): tags allow no dots.
const IMAGE = /^([\w\-.]+(:\d+)?\/)?([\w\-.][\w\-./]*\/)?([\w\-.]+)(:[\w-]+)?(@sha256:[a-f\d]{64})?$/;
export const image = z
  .string()
  .min(1, "image must not be empty")
  .regex(IMAGE, { message: "not an image reference the server accepts (tags may not contain dots: use alpine:3 or a digest, not alpine:3.20)" });

export const images = z.array(image);

/** IANA zone names as Go's time.LoadLocation takes them (case-sensitive), plus UTC. */
export const timezone = verbatim(z.string()).refine((name) => name.trim() !== name || isTimezone(name), {
  message: "not an IANA time zone such as UTC or Europe/Berlin",
});

export function isTimezone(name: string): boolean {
  if (name === "UTC" || name === "Local") return true;
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const cronSchedule = verbatim(z.string()).superRefine((value, ctx) => {
  const problem = value.trim() === value ? scheduleProblem(value) : undefined;
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const FIELDS: CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  { name: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];
interface CronField {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

/** Why the server's cron parser (gdgvda/cron v0.7.0 with StandardOptions, as v3.17.0 uses it) would refuse a schedule, or undefined. */
export function scheduleProblem(raw: string): string | undefined {
  let schedule = raw;
  if (!schedule) return "schedule must not be empty";
  const tz = /^(CRON_TZ|TZ)=(\S*) /.exec(schedule);
  if (tz) {
    if (tz[2] !== "" && !isTimezone(tz[2]!)) return `unknown time zone ${tz[2]} in ${tz[1]}= prefix`;
    schedule = schedule.slice(tz[0].length).trim();
  }
  if (schedule.startsWith("@every ")) {
    const seconds = goDurationSeconds(schedule.slice("@every ".length));
    if (seconds === undefined) return `"${schedule}" is not "@every <duration>" with a Go duration such as 30m or 1h30m`;
    if (seconds < 1 || !Number.isInteger(seconds)) return "@every needs a whole number of seconds, at least 1s";
    return undefined;
  }
  if (schedule.startsWith("@")) {
    return DESCRIPTORS.includes(schedule) ? undefined : `unknown descriptor ${schedule}; expected one of ${DESCRIPTORS.join(", ")} or @every <duration>`;
  }
  const parts = schedule.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}${parts.length === 6 ? ": the server does not accept a seconds field" : ""}`;
  }
  for (let i = 0; i < 5; i++) {
    const items = parts[i]!.split(",").filter(Boolean);
    const bad = items.length === 0 ? parts[i] : items.find((item) => !itemIsValid(item, FIELDS[i]!));
    if (bad !== undefined)
      return `"${parts[i]}" is not a valid ${FIELDS[i]!.name} field: "${bad}" (${FIELDS[i]!.min}-${FIELDS[i]!.max}${i === 4 ? ", Sunday is 0" : ""}; steps are at least 1)`;
  }
  return neverRuns(parts[2]!, parts[3]!, parts[4]!);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A schedule whose days of month exist in none of its months (`0 3 31 2 *`): the server refuses
 * it with "no future execution time". Only when day-of-week is `*` or `?`: otherwise the parser
 * matches day-of-month OR day-of-week, and some weekday always comes.
 */
function neverRuns(dom: string, month: string, dow: string): string | undefined {
  if (dow !== "*" && dow !== "?") return undefined;
  const items = dom.split(",").filter(Boolean);
  // `nW` moves to the nearest weekday within the month, which the parser resolves even past its end.
  if (items.some((item) => item === "*" || item === "?" || item.startsWith("*/") || item.startsWith("?/") || item === "L" || item.endsWith("W")))
    return undefined;
  const months = [...valuesOf(month, FIELDS[3]!)];
  const fits = (day: number) => months.some((m) => day <= DAYS_IN_MONTH[m - 1]!);
  for (const item of items) {
    const fromLast = /^L-(\S+)$/.exec(item);
    if (fromLast ? months.some((m) => DAYS_IN_MONTH[m - 1]! - goUint(fromLast[1]!)! >= 1) : [...valuesOf(item, FIELDS[2]!)].some(fits)) return undefined;
  }
  return `"${dom} ${month}" never comes: no month in "${month}" has those days, so the server would refuse the schedule (no future execution time)`;
}

/** The numbers a valid cron field matches (ranges, steps, names). */
function valuesOf(text: string, field: CronField): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(",").filter(Boolean)) {
    const span = spanOf(item, field);
    for (let v = span!.low; v <= span!.high; v += span!.step) values.add(v);
  }
  return values;
}

/**
 * One comma-separated item of a field, by the parser's rules (internal/parser of gdgvda/cron):
 * `*` (and `?` in the day fields) with an optional step, `n`, `a-b`, `n/step` (= n-max/step),
 * names in any case, and the day extensions `L`, `L-n` (n ≤ 30), `LW`, `nW`, `nL`, `n#k` (k 1-5)
 * in upper case and without a step or range.
 */
function itemIsValid(item: string, field: CronField): boolean {
  const [range, , extra] = item.split("/");
  const [first, , more] = range!.split("-");
  if (extra !== undefined || more !== undefined) return false;
  const hasStep = item.includes("/");
  const hasRange = range!.includes("-");
  if (field.name === "day of month") {
    if (first === "L") return !hasStep && (!hasRange || (goUint(range!.slice(2)) ?? 99) <= 30);
    if (first!.endsWith("W")) return !hasRange && !hasStep && (first === "LW" || inRange(goUint(first!.slice(0, -1)), field));
  }
  if (field.name === "day of week") {
    if (first === "L") return !hasRange;
    if (first!.endsWith("L")) return !hasRange && !hasStep && inRange(nameOrUint(first!.slice(0, -1), field), field);
    if (first!.includes("#")) {
      const [day, nth, other] = first!.split("#");
      const k = goUint(nth!);
      return !hasRange && !hasStep && other === undefined && inRange(nameOrUint(day!, field), field) && k !== undefined && k >= 1 && k <= 5;
    }
  }
  return spanOf(item, field) !== undefined;
}

/** `*`, `n`, `a-b`, each with an optional `/step`: the bounds and step, or undefined when the parser refuses it. */
function spanOf(item: string, field: CronField): { low: number; high: number; step: number } | undefined {
  const [range, stepText] = item.split("/");
  const [first, second] = range!.split("-");
  const days = field.name.startsWith("day of");
  let low: number | undefined, high: number | undefined;
  if (first === "*" || (days && first === "?")) {
    if (second !== undefined) return undefined;
    [low, high] = [field.min, field.max];
  } else if (field.name === "day of week" && first === "L" && second === undefined) {
    [low, high] = [6, 6];
  } else {
    low = nameOrUint(first!, field);
    high = second !== undefined ? nameOrUint(second, field) : stepText !== undefined ? field.max : low;
  }
  const step = stepText === undefined ? 1 : goUint(stepText);
  if (!inRange(low, field) || !inRange(high, field) || high! < low! || step === undefined || step < 1) return undefined;
  return { low: low!, high: high!, step };
}

const inRange = (value: number | undefined, field: CronField) => value !== undefined && value >= field.min && value <= field.max;
const nameOrUint = (text: string, field: CronField) =>
  field.names?.includes(text.toLowerCase()) ? field.names.indexOf(text.toLowerCase()) + (field.name === "month" ? 1 : 0) : goUint(text);
/** Go's strconv.Atoi of a non-negative number (a leading + is allowed), or undefined. */
const goUint = (text: string) => (/^\+?\d+$/.test(text) && Number(text) <= Number.MAX_SAFE_INTEGER ? Number(text) : undefined);

/** Seconds in a Go duration string ("1h30m", "90s", "1.5h"), or undefined when Go would not parse it. */
export function goDurationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, amount, , u] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * unit[u!]!;
  return Math.round(total * 1e6) / 1e6;
}

/** Minimum interval between runs of a schedule in seconds, for policies (undefined when unknown). */
export function scheduleMinIntervalSeconds(raw: string): number | undefined {
  const schedule = raw.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, "");
  if (schedule.startsWith("@every")) return goDurationSeconds(schedule.slice(6).trim());
  const fixed: Record<string, number> = {
    "@hourly": 3600,
    "@daily": 86400,
    "@midnight": 86400,
    "@weekly": 604800,
    "@monthly": 2419200,
    "@yearly": 31536000,
    "@annually": 31536000,
  };
  if (schedule in fixed) return fixed[schedule];
  const [minute, hour] = schedule.split(/\s+/);
  if (minute === undefined || hour === undefined) return undefined;
  const minuteGap = smallestGap(minute, 60);
  if (minuteGap !== undefined && minuteGap < 60) return minuteGap * 60;
  const hourGap = smallestGap(hour, 24);
  return hourGap === undefined ? undefined : hourGap * 3600;
}

/** Smallest distance between consecutive values a cron field matches in a cycle of `size` (1 for "*"). */
function smallestGap(field: string, size: number): number | undefined {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const [range, stepText] = item.split("/");
    const step = stepText ? Number(stepText) : 1;
    let from: number, to: number;
    if (range === "*") [from, to] = [0, size - 1];
    else {
      const [a, b] = range!.split("-").map(Number);
      if (a === undefined || Number.isNaN(a)) return undefined;
      from = a;
      to = b === undefined || Number.isNaN(b) ? (stepText ? size - 1 : a) : b;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 1) return size;
  let gap = size - sorted[sorted.length - 1]! + sorted[0]!;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  return gap;
}
