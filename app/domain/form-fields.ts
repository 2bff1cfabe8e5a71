// Fields of the settings forms as the browser sends them, flat strings, read with zod: a switch
// ("true"/"false"), a number within bounds with a message that names the field, a list typed
// comma- or line-separated.
import { z } from "zod";

export const flag = z.enum(["true", "false"], { message: "Choose on or off" }).transform((value) => value === "true");

export function number(label: string, { integer, min, max }: { integer: boolean; min: number; max?: number }) {
  return z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .transform((value, ctx) => {
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
        ctx.addIssue({ code: "custom", message: `Enter ${label} as a ${integer ? "whole " : ""}number` });
        return z.NEVER;
      }
      if (parsed < min || (max !== undefined && parsed > max)) {
        ctx.addIssue({ code: "custom", message: max === undefined ? `Enter at least ${min}` : `Enter a number from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });
}

export const list = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter(Boolean),
  );
