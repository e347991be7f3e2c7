import { describe, expect, it } from "vitest";
import { nextExec, parseSchedule } from "../emulator/validate.js";
import { scheduleProblem } from "./validation.js";

/**
 * Whether a schedule ever runs, as check sees it, against the emulator's full cron parser and
 * next-run search (the server refuses a schedule without a future run: API-BEHAVIOR.md §16).
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
