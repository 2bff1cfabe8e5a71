import { describe, expect, it } from "vitest";
import { daysOverdue, inQueue, queueFilters, queueQuerySchema, RETURN_SLA_DAYS } from "./queue";

const query = (input: Record<string, string>) => queueQuerySchema.parse(input);

describe("the returns queue's filters", () => {
  it("GIVEN nonsense in the URL WHEN read THEN every filter falls back to showing everything open", () => {
    expect(query({ tab: "lost", age: "old", value: "lots" })).toEqual({ tab: "all", reason: "", age: "any", value: "any", q: "" });
  });

  it("GIVEN a one-status tab, a reason, an age and a value band WHEN asked of the service THEN they become its filters in minor units", () => {
    expect(queueFilters(query({ tab: "requested", reason: "DEFECTIVE", age: "7d", value: "50-200", q: "#1004" }), "USD")).toEqual({
      status: "requested",
      reason: "DEFECTIVE",
      minAgeDays: 7,
      search: "#1004",
      minValue: 5000,
      maxValue: 20000,
    });
    expect(queueFilters(query({ value: "under-50" }), "JPY")).toMatchObject({ status: null, maxValue: 49 });
    expect(queueFilters(query({ value: "over-200" }), "KWD")).toMatchObject({ minValue: 200_001 });
  });

  it("GIVEN the tab of returns to inspect WHEN rows come back THEN partly and fully received ones stay and others go", () => {
    const toInspect = query({ tab: "received" });
    expect(inQueue(toInspect, { status: "partially_received", ageDays: 1 })).toBe(true);
    expect(inQueue(toInspect, { status: "received", ageDays: 1 })).toBe(true);
    expect(inQueue(toInspect, { status: "in_transit", ageDays: 1 })).toBe(false);
    expect(inQueue(query({}), { status: "closed", ageDays: 1 })).toBe(false);
  });

  it("GIVEN the overdue filter WHEN rows come back THEN only returns past their service level stay", () => {
    const overdue = query({ age: "overdue" });
    expect(inQueue(overdue, { status: "requested", ageDays: RETURN_SLA_DAYS.decision + 1 })).toBe(true);
    expect(inQueue(overdue, { status: "requested", ageDays: RETURN_SLA_DAYS.decision })).toBe(false);
    expect(inQueue(overdue, { status: "received", ageDays: RETURN_SLA_DAYS.resolution + 3 })).toBe(true);
  });

  it("GIVEN a finished return WHEN checked against the service level THEN it is never overdue", () => {
    expect(daysOverdue("requested", 5)).toBe(5 - RETURN_SLA_DAYS.decision);
    expect(daysOverdue("resolved", 400)).toBeNull();
    expect(daysOverdue("declined", 400)).toBeNull();
  });
});
