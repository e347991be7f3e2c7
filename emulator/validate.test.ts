import { describe, expect, it } from "vitest";
import { goQuoteRune, nextExec, parseGoDuration, parseSchedule, validateSecret } from "./validate.js";

const ok = (images: string[]) => validateSecret({ name: "n", value: "v", events: ["push"], images });

describe("docker image regex", () => {
  it.each(["alpine", "alpine:3", "alpine:latest", "ghcr.io/a/b:v1", "localhost:5000/x", "library/alpine@sha256:" + "a".repeat(64)])("accepts %s", (img) => {
    expect(ok([img])).toBeNull();
  });
  it.each(["alpine:3.20", "ghcr.io/a/b:v1.2", "a b"])("rejects %s", (img) => {
    expect(ok([img])).toMatch(/^invalid secret image: image '.*' do not match regexp '\^\(/);
  });
  it("empty image", () => expect(ok([""])).toBe("invalid secret image: empty image in images"));
  it("validation order: events first, then images, name, value", () => {
    expect(validateSecret({ name: "", value: "", events: ["bogus"], images: ["a:1.2"] })).toBe("invalid webhook event: bogus\ninvalid secret event");
    expect(validateSecret({ name: "", value: "", events: [], images: ["a:1.2"] })).toBe("invalid secret event: no event specified");
    expect(validateSecret({ name: "", value: "", events: ["push"], images: null })).toBe("invalid secret name: empty name");
    expect(validateSecret({ name: "x", value: "", events: ["push"], images: null })).toBe("invalid secret value: empty value");
  });
});

describe("cron schedules", () => {
  it.each([
    "*/5 * * * *",
    "0 3 * * MON-FRI",
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
    "@every 1h30m",
    "@every 1s",
    "CRON_TZ=Europe/Berlin 0 3 * * *",
    "TZ=UTC 0 3 * * *",
    "0 0 L * ?",
    "0 0 LW * *",
    "0 0 15W * *",
    "0 0 ? * FRIL",
    "0 0 ? * SUN#2",
    "0 0 1,15 jan,jul *",
  ])("accepts %s", (s) => {
    const p = parseSchedule(s);
    expect(nextExec(p, "UTC", Date.now())).toBeGreaterThan(Date.now() / 1000);
  });
  it.each(["* * * * * *", "* * * *", "@fortnightly", "@every 500ms", "@every 1.5s", "@every x", "61 * * * *", "TZ=Mars/Base 0 * * * *", "0 0 * * 7"])(
    "rejects %s",
    (s) => {
      expect(() => parseSchedule(s)).toThrow();
    },
  );
  it("computes next_exec in the time zone", () => {
    const now = Date.UTC(2026, 0, 15, 12, 0, 0); // Thursday
    expect(nextExec(parseSchedule("0 3 * * *"), "Europe/Berlin", now)).toBe(Date.UTC(2026, 0, 16, 2, 0, 0) / 1000);
    expect(nextExec(parseSchedule("30 12 * * *"), "UTC", now)).toBe(Date.UTC(2026, 0, 15, 12, 30) / 1000);
    expect(nextExec(parseSchedule("0 0 ? * SUN#2"), "UTC", now)).toBe(Date.UTC(2026, 1, 8) / 1000);
    expect(nextExec(parseSchedule("0 0 L * *"), "UTC", now)).toBe(Date.UTC(2026, 0, 31) / 1000);
    expect(nextExec(parseSchedule("@every 90s"), "UTC", now)).toBe(now / 1000 + 90);
  });
  it("a schedule that never fires yields null", () => {
    expect(nextExec(parseSchedule("0 0 30 2 *"), "UTC", Date.now())).toBeNull();
  });
  it("Go durations", () => {
    expect(parseGoDuration("1h30m")).toBe(5400);
    expect(parseGoDuration("1.5h")).toBe(5400);
    expect(() => parseGoDuration("10")).toThrow(/missing unit/);
  });
});

describe("Go %q of an int64", () => {
  it("formats rune literals", () => {
    expect(goQuoteRune(1)).toBe("'\\x01'");
    expect(goQuoteRune(7)).toBe("'\\a'");
    expect(goQuoteRune(65)).toBe("'A'");
    expect(goQuoteRune(0)).toBe("'\\x00'");
  });
});
