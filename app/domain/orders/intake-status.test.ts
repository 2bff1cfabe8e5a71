import { describe, expect, it } from "vitest";
import { INTAKE_TAG, intakeStatus, isNewerOrSame, needsIntakeTag } from "./intake-status";

describe("intakeStatus", () => {
  const at = new Date("2026-11-01T00:00:00Z");
  it.each([
    [{ cancelledAt: null, taggedAt: null }, "received"],
    [{ cancelledAt: null, taggedAt: at }, "tagged"],
    [{ cancelledAt: at, taggedAt: at }, "cancelled"],
    [{ cancelledAt: at, taggedAt: null }, "cancelled"],
  ] as const)("%o is %s", (order, expected) => {
    expect(intakeStatus(order)).toBe(expected);
  });
});

describe("isNewerOrSame", () => {
  const older = new Date("2026-11-01T00:00:00Z");
  const newer = new Date("2026-11-01T00:00:01Z");
  it("accepts anything when nothing is stored", () => expect(isNewerOrSame(older, null)).toBe(true));
  it("accepts a newer read", () => expect(isNewerOrSame(newer, older)).toBe(true));
  it("accepts the same version (a re-read)", () => expect(isNewerOrSame(older, older)).toBe(true));
  it("refuses an older read", () => expect(isNewerOrSame(older, newer)).toBe(false));
});

describe("needsIntakeTag", () => {
  it("is true until the tag is there", () => {
    expect(needsIntakeTag(["vip"])).toBe(true);
    expect(needsIntakeTag(["vip", INTAKE_TAG])).toBe(false);
  });
});
