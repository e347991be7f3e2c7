// Validation rules copied (as facts, not code) from the Woodpecker server models.
// server/model/{const,secret,registry,cron,user}.go at v3.17.0
// (pinned: test/conformance/cases.ts, "enums: every webhook event", "validation status codes differ by level").

import { goUrlParseError } from "../provider/gourl.js";

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
const EVENT_SET = new Set<string>(WEBHOOK_EVENTS);

export const STATUS_VALUES = ["skipped", "pending", "running", "success", "failure", "killed", "canceled", "error", "blocked", "declined", "created"] as const;
const STATUS_SET = new Set<string>(STATUS_VALUES);

export const APPROVAL_MODES = new Set(["none", "forks", "pull_requests", "all_events"]);
export const VISIBILITIES = new Set(["public", "private", "internal"]);

export function isWebhookEvent(e: string): boolean {
  return EVENT_SET.has(e);
}
export function isStatusValue(s: string): boolean {
  return STATUS_SET.has(s);
}

/** Go sorts events with a plain byte-wise string comparison. */
export function sortEvents(events: string[]): string[] {
  return [...events].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// The docker reference regexp of server/model/secret.go. Its Go source text is quoted in the error
// message, so we keep the exact source. `\w` is ASCII-only in both Go and JS (without the u flag);
// tags cannot contain "." — that is why `alpine:3.20` is rejected (pinned: test/conformance/cases.ts, "secret images: a dotted tag is rejected").
export const DOCKER_IMAGE_RE_SOURCE =
  "^([\\w\\d\\-_\\.]+(:\\d+)?/)?([\\w\\d\\-_\\.][\\w\\d\\-_\\.\\/]*/)?([\\w\\d\\-_\\.]+)(:[\\w\\d\\-_]+)?(@sha256:[a-f\\d]{64})?$";
const DOCKER_IMAGE_RE = new RegExp(DOCKER_IMAGE_RE_SOURCE);

export interface SecretLike {
  name: string;
  value: string;
  events: string[];
  images: string[] | null;
}

/** Secret.Validate, same order and texts. Returns the error text or null. */
export function validateSecret(s: SecretLike): string | null {
  for (const e of s.events) {
    if (!isWebhookEvent(e)) return `invalid webhook event: ${e}\ninvalid secret event`;
  }
  if (s.events.length === 0) return "invalid secret event: no event specified";
  for (const img of s.images ?? []) {
    if (img.length === 0) return "invalid secret image: empty image in images";
    if (!DOCKER_IMAGE_RE.test(img)) {
      return `invalid secret image: image '${img}' do not match regexp '${DOCKER_IMAGE_RE_SOURCE}'`;
    }
  }
  if (s.name.length === 0) return "invalid secret name: empty name";
  if (s.value.length === 0) return "invalid secret value: empty value";
  return null;
}

/** Registry.Validate (pinned: test/conformance/cases.ts, "registry addresses go through Go's url.Parse"): the address must pass Go's url.Parse. */
export function validateRegistry(r: { address: string; username: string; password: string }): string | null {
  if (r.address.length === 0) return "invalid registry address";
  if (r.username.length === 0) return "invalid registry username";
  if (r.password.length === 0) return "invalid registry password";
  return goUrlParseError(r.address) ?? null;
}

const LOGIN_RE = /^[a-zA-Z0-9-_.]+$/;
/** User.Validate, create only (pinned: test/conformance/cases.ts, "users created through the API have forge_remote_id"). */
export function validateLogin(login: string): string | null {
  if (login.length === 0 || login.length > 250 || !LOGIN_RE.test(login)) return "invalid user login";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Go formatting helpers used in error texts (some handlers print an int64 org id with %q).

/** Go's %q for an integer: a quoted rune literal such as '\x01' or 'A'. */
export function goQuoteRune(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return "'\uFFFD'";
  const special: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 39: "\\'", 92: "\\\\" };
  if (special[n]) return `'${special[n]}'`;
  if (n < 0x20 || n === 0x7f) return `'\\x${n.toString(16).padStart(2, "0")}'`;
  const ch = String.fromCodePoint(n);
  if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) return `'${ch}'`;
  if (n < 0x10000) return `'\\u${n.toString(16).padStart(4, "0")}'`;
  return `'\\U${n.toString(16).padStart(8, "0")}'`;
}

/** Go's %q for a string (close enough: JSON escaping differs only for control characters). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

// ---------------------------------------------------------------------------------------------
// Time zones: Go's time.LoadLocation. "" means UTC, "Local" is accepted.

let zoneSet: Set<string> | null = null;
export function isValidTimezone(tz: string): boolean {
  if (!zoneSet) {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    zoneSet = new Set(intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : []);
    for (const z of ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Local"]) zoneSet.add(z);
  }
  return tz === "" || zoneSet.has(tz);
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(tz: string): Intl.DateTimeFormat {
  let f = dtfCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz === "Local" || tz === "" ? "UTC" : tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    dtfCache.set(tz, f);
  }
  return f;
}

/** Offset (ms) of zone tz at instant t: local wall clock minus UTC. */
function tzOffset(tz: string, t: number): number {
  const parts = dtf(tz).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUTC = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return asUTC - Math.floor(t / 1000) * 1000;
}

/** Converts a wall-clock time in tz (given as a UTC-based ms value) to the instant. */
function localToInstant(tz: string, localMs: number): number {
  const o1 = tzOffset(tz, localMs);
  const o2 = tzOffset(tz, localMs - o1);
  return localMs - o2;
}

// ---------------------------------------------------------------------------------------------
// Cron schedules: gdgvda/cron StandardOptions — 5 fields, descriptors, @every, CRON_TZ=/TZ=,
// and the L W # ? extensions. Error texts follow the robfig/cron family wording.

interface FieldSpec {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOWS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const F_MIN: FieldSpec = { min: 0, max: 59 };
const F_HOUR: FieldSpec = { min: 0, max: 23 };
const F_DOM: FieldSpec = { min: 1, max: 31 };
const F_MONTH: FieldSpec = { min: 1, max: 12, names: MONTHS };
const F_DOW: FieldSpec = { min: 0, max: 6, names: DOWS };

interface DomRule {
  set: Set<number>;
  last: number[]; // L / L-n: offsets from the last day
  lastWeekday: boolean; // LW
  nearestWeekday: number[]; // nW
}
interface DowRule {
  set: Set<number>;
  lastOf: number[]; // 5L: last friday of the month
  nth: Array<[number, number]>; // 5#3: third friday
}
export interface Schedule {
  kind: "cron" | "every";
  everySeconds?: number;
  tz?: string;
  minutes?: Set<number>;
  hours?: Set<number>;
  dom?: DomRule;
  months?: Set<number>;
  dow?: DowRule;
  domStar?: boolean;
  dowStar?: boolean;
}

// The field parsers follow gdgvda/cron v0.7.0's internal/parser (the server's go.mod at v3.17.0):
// names in any case, `?` only in the day fields, `n/step` = n-max/step, the day extensions in upper
// case and without range or step (dow `L` alone is Saturday), empty list items skipped.

/** Go's strconv.Atoi, refusing negatives as the parser does. */
function goUint(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${s}`);
  return n;
}

function parseNum(s: string, f: FieldSpec): number {
  const lower = s.toLowerCase();
  return f.names && lower in f.names ? f.names[lower] : goUint(s);
}

function checkBounds(n: number, f: FieldSpec, expr: string): number {
  if (n < f.min || n > f.max) throw new Error(`${expr}: value ${n} out of valid range [${f.min}, ${f.max}]`);
  return n;
}

/** One list item `*`, `n`, `a-b`, each with an optional `/step` (gdgvda's span). */
function parseRange(expr: string, f: FieldSpec, out: Set<number>, allowQuestion = false): void {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  if (lowAndHigh.length > 2 || rangeAndStep.length > 2) throw new Error(`${expr}: invalid expression`);
  let lo: number;
  let hi: number;
  if (lowAndHigh[0] === "*" || (allowQuestion && lowAndHigh[0] === "?")) {
    if (lowAndHigh.length > 1) throw new Error(`${expr}: invalid expression`);
    lo = f.min;
    hi = f.max;
  } else {
    lo = checkBounds(parseNum(lowAndHigh[0], f), f, expr);
    hi = lowAndHigh.length === 2 ? checkBounds(parseNum(lowAndHigh[1], f), f, expr) : rangeAndStep.length === 2 ? f.max : lo;
    if (hi < lo) throw new Error(`${expr}: beginning of range (${lo}) beyond end of range (${hi})`);
  }
  const step = rangeAndStep.length === 2 ? goUint(rangeAndStep[1]) : 1;
  if (step <= 0) throw new Error(`step should be > 0, got ${step}`);
  for (let i = lo; i <= hi; i += step) out.add(i);
}

function listItems(field: string): string[] {
  const items = field.split(",").filter(Boolean);
  if (!items.length) throw new Error("invalid expression: empty list");
  return items;
}

function parseSimple(field: string, f: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const part of listItems(field)) parseRange(part, f, out);
  return out;
}

function parseDom(field: string): DomRule {
  const rule: DomRule = { set: new Set(), last: [], lastWeekday: false, nearestWeekday: [] };
  for (const part of listItems(field)) {
    const [range, ...step] = part.split("/");
    const [first, ...rest] = range.split("-");
    if (first === "L") {
      if (step.length || rest.length > 1) throw new Error(`${part}: invalid expression`);
      const offset = rest.length ? goUint(rest[0]) : 0;
      if (offset > 30) throw new Error(`${part}: invalid amount of days subtracted`);
      rule.last.push(offset);
    } else if (first.endsWith("W")) {
      if (step.length || rest.length) throw new Error(`${part}: invalid expression`);
      if (first === "LW") rule.lastWeekday = true;
      else rule.nearestWeekday.push(checkBounds(goUint(first.slice(0, -1)), F_DOM, part));
    } else parseRange(part, F_DOM, rule.set, true);
  }
  return rule;
}

function parseDow(field: string): DowRule {
  const rule: DowRule = { set: new Set(), lastOf: [], nth: [] };
  for (const part of listItems(field)) {
    const [range, ...step] = part.split("/");
    const [first, ...rest] = range.split("-");
    if (rest.length > 1 || step.length > 1) throw new Error(`${part}: invalid expression`);
    if (first === "L") {
      if (rest.length) throw new Error(`${part}: invalid expression`);
      rule.set.add(6);
    } else if (first.endsWith("L")) {
      if (rest.length || step.length) throw new Error(`${part}: invalid expression`);
      rule.lastOf.push(checkBounds(parseNum(first.slice(0, -1), F_DOW), { ...F_DOW }, part));
    } else if (first.includes("#")) {
      const pieces = first.split("#");
      if (rest.length || step.length || pieces.length !== 2) throw new Error(`${part}: invalid expression`);
      const day = checkBounds(parseNum(pieces[0], F_DOW), F_DOW, part);
      const n = goUint(pieces[1]);
      if (n < 1 || n > 5) throw new Error(`${part}: value ${n} out of valid range [1, 5]`);
      rule.nth.push([day, n]);
    } else {
      parseRange(part, F_DOW, rule.set, true);
    }
  }
  return rule;
}

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
/** Go's time.ParseDuration, in seconds. Throws with Go's message. */
export function parseGoDuration(s: string): number {
  const orig = s;
  const bad = () => new Error(`time: invalid duration ${goQuote(orig)}`);
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw bad();
  let total = 0;
  const re = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) {
      if (/^(\d+\.?\d*|\.\d+)$/.test(s)) throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
      throw bad();
    }
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Parses a schedule; throws Error with a message on failure. */
const isStarList = (field: string) => field.split(",").some((item) => item === "*" || item === "?");

export function parseSchedule(spec: string): Schedule {
  let s = spec;
  let tz: string | undefined;
  if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
    const i = s.indexOf(" ");
    if (i < 0) throw new Error(`missing schedule after timezone: ${s}`);
    tz = s.slice(s.indexOf("=") + 1, i);
    if (tz !== "" && !isValidTimezone(tz)) throw new Error(`provided bad location ${tz}: unknown time zone ${tz}`);
    s = s.slice(i + 1).trim();
  }
  if (s.length === 0) throw new Error("empty spec string");
  if (s.startsWith("@")) {
    if (s.startsWith("@every ")) {
      const d = s.slice(7).trim();
      let secs: number;
      try {
        secs = parseGoDuration(d);
      } catch (e) {
        throw new Error(`failed to parse duration ${s}: ${(e as Error).message}`);
      }
      if (secs < 1 || Math.abs(secs - Math.round(secs)) > 1e-9) {
        throw new Error(`@every duration must be at least 1s and a whole number of seconds: ${s}`);
      }
      return { kind: "every", everySeconds: Math.round(secs), tz };
    }
    const d = DESCRIPTORS[s];
    if (!d) throw new Error(`unrecognized descriptor: ${s}`);
    s = d;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  const [mi, ho, dm, mo, dw] = fields;
  return {
    kind: "cron",
    tz,
    minutes: parseSimple(mi, F_MIN),
    hours: parseSimple(ho, F_HOUR),
    dom: parseDom(dm),
    months: parseSimple(mo, F_MONTH),
    dow: parseDow(dw),
    // The parser ANDs day-of-month and day-of-week when either lists a bare `*` or `?`, else ORs them.
    domStar: isStarList(dm),
    dowStar: isStarList(dw),
  };
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function domMatches(r: DomRule, y: number, m: number, d: number): boolean {
  if (r.set.has(d)) return true;
  const dim = daysInMonth(y, m);
  for (const off of r.last) if (d === dim - off) return true;
  const wd = (day: number) => new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  if (r.lastWeekday) {
    let last = dim;
    while (wd(last) === 0 || wd(last) === 6) last--;
    if (d === last) return true;
  }
  for (const n0 of r.nearestWeekday) {
    const n = Math.min(n0, dim);
    let target = n;
    const w = wd(n);
    if (w === 6) target = n === 1 ? 3 : n - 1;
    else if (w === 0) target = n === dim ? n - 2 : n + 1;
    if (d === target) return true;
  }
  return false;
}

function dowMatches(r: DowRule, y: number, m: number, d: number): boolean {
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (r.set.has(w)) return true;
  const dim = daysInMonth(y, m);
  for (const x of r.lastOf) if (x === w && d + 7 > dim) return true;
  for (const [x, n] of r.nth) if (x === w && Math.floor((d - 1) / 7) + 1 === n) return true;
  return false;
}

function dayMatches(s: Schedule, y: number, m: number, d: number): boolean {
  if (!s.months!.has(m)) return false;
  const dom = domMatches(s.dom!, y, m, d);
  const dow = dowMatches(s.dow!, y, m, d);
  // robfig semantics: if either day field is a wildcard, both must match (AND), else either (OR).
  if (s.domStar || s.dowStar) return dom && dow;
  return dom || dow;
}

/**
 * Next run time (unix seconds) strictly after `nowMs` in zone tz, or null when the schedule never
 * fires within 5 years ("cron schedule yields no future execution time").
 */
export function nextExec(s: Schedule, tz: string, nowMs: number): number | null {
  if (s.kind === "every") return Math.floor(nowMs / 1000) + s.everySeconds!;
  const zone = s.tz ?? (tz === "" ? "UTC" : tz);
  const localNow = nowMs + tzOffset(zone, nowMs);
  const start = new Date(localNow);
  const hours = [...s.hours!].sort((a, b) => a - b);
  const minutes = [...s.minutes!].sort((a, b) => a - b);
  for (let i = 0; i < 366 * 5 + 2; i++) {
    const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + i));
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (!dayMatches(s, y, m, d)) continue;
    for (const h of hours) {
      for (const mi of minutes) {
        const instant = localToInstant(zone, Date.UTC(y, m - 1, d, h, mi, 0));
        if (instant > nowMs) return Math.floor(instant / 1000);
      }
    }
  }
  return null;
}
