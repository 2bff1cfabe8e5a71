import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./queue.server";

describe("backoffDelayMs", () => {
  it.each([
    // attempt, random, expected delay (ms)
    [1, 0.5, 1_000],
    [2, 0.5, 2_000],
    [3, 0.5, 4_000],
    [4, 0.5, 8_000],
    [10, 0.5, 512_000],
    [1, 0, 800],
    [1, 1, 1_200],
    [3, 0, 3_200],
    [3, 1, 4_800],
    // capped at 10 minutes, whatever the jitter
    [11, 0.5, 600_000],
    [11, 0, 600_000],
    [10, 1, 600_000],
    [1_000, 0.99, 600_000],
    // nonsense attempts count as the first
    [0, 0.5, 1_000],
    [-3, 0.5, 1_000],
  ])("GIVEN attempt %d and random %d THEN waits %d ms", (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, () => random)).toBe(expected);
  });

  it("GIVEN the default random source WHEN called THEN the delay stays within 20% of the base", () => {
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelayMs(5);
      expect(delay).toBeGreaterThanOrEqual(12_800);
      expect(delay).toBeLessThanOrEqual(19_200);
    }
  });
});
