import { describe, expect, it } from "vitest";
import { nextExec, parseSchedule } from "../emulator/validate.js";
import { scheduleProblem } from "./validation.js";

/**
 * Whether a schedule ever runs, as check sees it, against the emulator's full cron parser and
 * next-run search. The server refuses a schedule without a future run
 * (pinned: test/conformance/cases.ts, "cron: a schedule without a future run").
 */
describe("schedules without a future run", () => {
  const days = ["1", "28", "29", "30", "31", "30,31", "29-31", "L-29", "L-27", "31W", "15/16", "L"];
  const months = ["*", "2", "FEB", "4", "4,6,9,11", "2,4", "1-2", "2/12", "JAN-FEB"];
  const weekdays = ["*", "?", "1", "MON-FRI"];
  const grid = days.flatMap((dom) => months.flatMap((month) => weekdays.map((dow) => `0 3 ${dom} ${month} ${dow}`)));

  it(`refuses exactly the ${grid.length} grid schedules that never run`, () => {
    const runs = (schedule: string) => nextExec(parseSchedule(schedule), "UTC", Date.UTC(2026, 0, 1)) !== null;
    const disagreements = grid.filter((schedule) => (scheduleProblem(schedule) === undefined) !== runs(schedule));
    expect(disagreements).toEqual([]);
    expect(grid.filter((schedule) => !runs(schedule)).length).toBeGreaterThan(20);
  });

  it("names the days and months that never meet", () => {
    expect(scheduleProblem("0 3 31 2 *")).toMatch(/"31 2" never comes.*no future execution time/);
  });
});

/**
 * Field by field, check refuses exactly what the server's cron parser refuses: the provider's
 * validator against the emulator's parser (both follow gdgvda/cron v0.7.0, the server's), over
 * values, ranges, steps (0 included), names, lists and the day extensions in every field.
 */
describe("cron fields as the server's parser reads them", () => {
  const common = [
    "*",
    "?",
    "0",
    "1",
    "5",
    "6",
    "7",
    "12",
    "23",
    "24",
    "31",
    "32",
    "59",
    "60",
    "-1",
    "+5",
    "1-5",
    "5-1",
    "0-59",
    "1-7",
    "*/0",
    "*/1",
    "*/15",
    "5/0",
    "5/2",
    "1-5/2",
    "1-5/0",
    "*/x",
    "1/2/3",
    "1-2-3",
    "?/2",
    "1,,2",
    ",",
    "1,5",
    "x",
    "",
  ];
  const names = ["jan", "JAN", "Jan", "jan-mar", "mon", "MON", "sun", "sat", "mon-fri", "MON/2", "fri-mon"];
  const days = [
    "L",
    "l",
    "L-3",
    "L-30",
    "L-31",
    "L/2",
    "LW",
    "lw",
    "15W",
    "15w",
    "32W",
    "0W",
    "1W-2",
    "5L",
    "5l",
    "FRIL",
    "7L",
    "L-2",
    "5#3",
    "5#0",
    "5#6",
    "fri#1",
    "5#3/2",
    "8#1",
  ];
  const fields = [
    (item: string) => `${item} 3 * * *`,
    (item: string) => `0 ${item} * * *`,
    (item: string) => `0 3 ${item} * *`,
    (item: string) => `0 3 * ${item} *`,
    (item: string) => `0 3 * * ${item}`,
  ];
  const grid = fields.flatMap((place) => [...common, ...names, ...days].map(place));
  const serverAccepts = (schedule: string) => {
    try {
      return nextExec(parseSchedule(schedule), "UTC", Date.UTC(2026, 0, 1)) !== null;
    } catch {
      return false;
    }
  };

  it(`agrees with the parser on all ${grid.length} schedules`, () => {
    const disagreements = grid.filter((schedule) => (scheduleProblem(schedule) === undefined) !== serverAccepts(schedule));
    expect(disagreements).toEqual([]);
  });

  it.each([
    ["0 3 * * 7", false], // Sunday is 0 only
    ["*/0 * * * *", false], // a step is at least 1
    ["0 3 * * 0", true],
    ["0 3 * * sun", true],
    ["0 3 * * L", true], // the parser reads a bare L in day-of-week as Saturday
    ["0 3 L-31 * *", false], // at most 30 days back from the last
    ["? 3 * * *", false], // ? only in the day fields
    ["0 3 l * *", false], // the extensions are upper case
    ["@DAILY", false], // descriptors are lower case
    [" @daily", false], // the parser does not trim
    ["0 3 * * * ", true], // but fields split on any white space
  ])("%j: server accepts %s", (schedule, accepted) => {
    expect(serverAccepts(schedule)).toBe(accepted);
    expect(scheduleProblem(schedule) === undefined).toBe(accepted);
  });

  it("names the field and why", () => {
    expect(scheduleProblem("0 3 * * 7")).toMatch(/"7" is not a valid day of week field.*Sunday is 0/);
    expect(scheduleProblem("*/0 * * * *")).toMatch(/minute field.*steps are at least 1/);
  });
});
