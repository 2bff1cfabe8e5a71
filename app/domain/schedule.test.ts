import { describe, expect, it } from "vitest";
import { nextSlot, slotKey, slotStart } from "./schedule";

const HOUR = 3_600_000;

describe("slots of periodic work", () => {
  it.each([
    ["2026-11-27T13:59:59.999Z", "2026-11-27T13:00:00.000Z", "2026-11-27T14:00:00.000Z"],
    ["2026-11-27T14:00:00.000Z", "2026-11-27T14:00:00.000Z", "2026-11-27T15:00:00.000Z"],
    ["2026-11-27T14:00:00.001Z", "2026-11-27T14:00:00.000Z", "2026-11-27T15:00:00.000Z"],
  ])("at %s the slot started at %s and the next starts at %s", (now, start, next) => {
    expect(slotStart(new Date(now), HOUR).toISOString()).toBe(start);
    expect(nextSlot(new Date(now), HOUR).toISOString()).toBe(next);
  });

  it("names every moment of one slot alike, and the next slot differently", () => {
    const a = slotKey("inventory-sync", "a.myshopify.com", new Date("2026-11-27T14:05:00Z"), HOUR);
    expect(slotKey("inventory-sync", "a.myshopify.com", new Date("2026-11-27T14:59:00Z"), HOUR)).toBe(a);
    expect(slotKey("inventory-sync", "a.myshopify.com", new Date("2026-11-27T15:00:00Z"), HOUR)).not.toBe(a);
    expect(slotKey("inventory-sync", "b.myshopify.com", new Date("2026-11-27T14:05:00Z"), HOUR)).not.toBe(a);
    expect(a).toBe("inventory-sync:a.myshopify.com:2026-11-27T14:00:00.000Z");
  });
});
