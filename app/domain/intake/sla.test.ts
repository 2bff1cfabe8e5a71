import { describe, expect, it } from "vitest";
import { describeAge, openedBefore, slaState } from "./sla";

const now = new Date("2026-11-02T10:00:00Z");

describe("slaState", () => {
  it.each([
    ["2026-11-02T09:00:00Z", 24, { ageMinutes: 60, breached: false, remainingMinutes: 23 * 60 }],
    ["2026-11-01T10:00:00Z", 24, { ageMinutes: 24 * 60, breached: true, remainingMinutes: 0 }],
    ["2026-11-01T08:00:00Z", 24, { ageMinutes: 26 * 60, breached: true, remainingMinutes: -120 }],
    ["2026-11-02T10:05:00Z", 4, { ageMinutes: 0, breached: false, remainingMinutes: 240 }],
  ])("GIVEN a problem opened at %s and an SLA of %i h THEN %j", (openedAt, slaHours, expected) => {
    expect(slaState(new Date(openedAt), slaHours, now)).toEqual(expected);
  });
});

describe("describeAge", () => {
  it.each([
    [0, "0 min"],
    [45, "45 min"],
    [60, "1 h"],
    [200, "3 h 20 min"],
    [24 * 60, "1 d"],
    [52 * 60 + 10, "2 d 4 h"],
  ])("%i minutes read %s", (minutes, text) => {
    expect(describeAge(minutes)).toBe(text);
  });
});

describe("openedBefore", () => {
  it("maps each age filter to a cut-off, the SLA one to the shop's hours", () => {
    expect(openedBefore("any", 24, now)).toBeNull();
    expect(openedBefore("1h", 24, now)).toEqual(new Date("2026-11-02T09:00:00Z"));
    expect(openedBefore("24h", 24, now)).toEqual(new Date("2026-11-01T10:00:00Z"));
    expect(openedBefore("breached", 8, now)).toEqual(new Date("2026-11-02T02:00:00Z"));
  });
});
