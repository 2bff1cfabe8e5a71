// Reading the carrier CSV files (catalogue, shipment history): records with their line numbers,
// and zod cells that turn spreadsheet text into values with messages a merchant can act on.
import { parse } from "csv-parse/sync";
import { z } from "zod";

export interface CsvProblem {
  line: number;
  field: string;
  message: string;
}

export interface CsvRecord {
  cells: Record<string, string>;
  /** The line the record ends on (1 is the header). */
  line: number;
}

/**
 * Parses CSV text whose header must use only `columns` (lower-cased; any order) and must include
 * `required`. Columns left out read as empty cells; a row with more cells than the header is a
 * problem of its own.
 */
export function readCsv(
  csv: string,
  columns: readonly string[],
  required: readonly string[],
): { ok: true; records: CsvRecord[]; problems: CsvProblem[] } | { ok: false; problems: CsvProblem[] } {
  const raw: { cells: string[]; line: number }[] = [];
  try {
    parse(csv, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (cells, context) => {
        raw.push({ cells, line: context.lines });
        return cells;
      },
    });
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    return { ok: false, problems: [{ line: lines ?? 1, field: "", message }] };
  }
  const [header, ...body] = raw;
  if (!header) return { ok: false, problems: [{ line: 1, field: "", message: "the file is empty: it needs a header row" }] };
  const names = header.cells.map((name) => name.toLowerCase());
  const problems: CsvProblem[] = [];
  for (const name of names) if (!columns.includes(name)) problems.push({ line: 1, field: name, message: "is not a column of this file" });
  for (const name of required) if (!names.includes(name)) problems.push({ line: 1, field: name, message: "the header needs this column" });
  if (problems.length > 0) return { ok: false, problems };
  const records: CsvRecord[] = [];
  for (const { cells, line } of body) {
    if (cells.length > names.length) {
      problems.push({ line, field: "", message: `has ${cells.length} cells; the header has ${names.length}` });
      continue;
    }
    const named: Record<string, string> = Object.fromEntries(columns.map((column) => [column, ""]));
    names.forEach((name, i) => (named[name] = cells[i] ?? ""));
    records.push({ cells: named, line });
  }
  return { ok: true, records, problems };
}

/** The zod issues of one record as problems on its line, each naming its column. */
export function cellProblems(line: number, error: z.ZodError): CsvProblem[] {
  return error.issues.map((issue) => ({ line, field: String(issue.path[0] ?? ""), message: issue.message }));
}

export const cell = {
  text: z.string().min(1, "is required"),
  optionalText: z.string().transform((v) => (v === "" ? null : v)),
  code: z
    .string()
    .min(1, "is required")
    .transform((v) => v.toUpperCase()),
  optionalCode: z.string().transform((v) => (v === "" ? null : v.toUpperCase())),
  postal: z
    .string()
    .min(1, "is required")
    .transform((v) => v.toUpperCase().replace(/\s+/g, "")),
  optionalPostal: z.string().transform((v) => (v === "" ? null : v.toUpperCase().replace(/\s+/g, ""))),
  number: z.string().min(1, "is required").transform(toNumber),
  optionalNumber: z.string().transform((v, ctx) => (v === "" ? null : toNumber(v, ctx))),
  yesNo: z
    .string()
    .min(1, "is required")
    .transform((v, ctx) => {
      const answer = v.toLowerCase();
      if (answer === "yes" || answer === "no") return answer === "yes";
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be yes or no, got "${v}"` });
      return z.NEVER;
    }),
  oneOf: <T extends readonly [string, ...string[]]>(values: T) =>
    z
      .string()
      .min(1, "is required")
      .transform((v, ctx) => {
        const value = values.find((candidate) => candidate === v.toLowerCase());
        if (value !== undefined) return value as T[number];
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be one of ${values.join(", ")}, got "${v}"` });
        return z.NEVER;
      }),
};

function toNumber(v: string, ctx: z.RefinementCtx): number {
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a number such as 12.5, got "${v}"` });
  return z.NEVER;
}
