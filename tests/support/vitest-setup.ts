// A test fails when it calls console.error: an error the code logs instead of throwing is still
// an error. A test that expects one replaces the spy with its own (vi.spyOn(console, "error")).
import { format } from "node:util";
import { afterEach, beforeEach, vi } from "vitest";

let logged: string[] = [];

beforeEach(() => {
  logged = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    logged.push(format(...args));
  });
});

afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (logged.length > 0) {
    throw new Error(`console.error was called during the test:\n${logged.join("\n")}`);
  }
});
