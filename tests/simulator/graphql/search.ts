// The subset of Shopify's search syntax the simulator understands: space-separated
// `field:value` terms (AND), comparators >, >=, <, <= and quoted values. Anything else is
// rejected loudly, so a query the simulator cannot honour never returns a silently wrong list.
import { GraphQLError } from "graphql";

export type SearchField<T> =
  | { kind: "date"; get: (item: T) => string | null }
  | { kind: "number"; get: (item: T) => number }
  | { kind: "text"; get: (item: T) => string | null | readonly string[]; normalize?: (value: string) => string }
  | { kind: "not-text"; get: (item: T) => readonly string[] };

export type SearchFields<T> = Record<string, SearchField<T>>;

type Comparator = ":" | ">" | ">=" | "<" | "<=";

interface Term {
  raw: string;
  field: string;
  comparator: Comparator;
  value: string;
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const char of query) {
    if (quote) {
      current += char;
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      current += char;
      quote = char;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (quote) throw new GraphQLError(`Simulator: unbalanced quote in search query "${query}"`);
  if (current) tokens.push(current);
  return tokens;
}

function unsupported(resource: string, raw: string, fields: SearchFields<unknown>): GraphQLError {
  return new GraphQLError(
    `Simulator: the ${resource} search term "${raw}" is not implemented (supported: ${Object.keys(fields).join(", ")}; terms are ANDed)`,
  );
}

function parseTerms(resource: string, query: string, fields: SearchFields<unknown>): Term[] {
  return tokenize(query)
    .filter((token) => token !== "AND")
    .map((raw) => {
      const match = /^([a-z_]+):(>=|<=|>|<)?(.+)$/.exec(raw);
      if (!match || !(match[1] in fields)) throw unsupported(resource, raw, fields);
      const value = match[3].replace(/^(['"])(.*)\1$/, "$2");
      return { raw, field: match[1], comparator: (match[2] ?? ":") as Comparator, value };
    });
}

function compare(actual: number, comparator: Comparator, expected: number): boolean {
  switch (comparator) {
    case ":":
      return actual === expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
  }
}

function matcher<T>(resource: string, term: Term, field: SearchField<T>): (item: T) => boolean {
  switch (field.kind) {
    case "date": {
      const expected = Date.parse(term.value);
      if (Number.isNaN(expected)) throw new GraphQLError(`Simulator: "${term.value}" in "${term.raw}" is not a date`);
      const wholeDay = term.comparator === ":" && /^\d{4}-\d{2}-\d{2}$/.test(term.value);
      return (item) => {
        const value = field.get(item);
        if (value === null) return false;
        const actual = Date.parse(value);
        return wholeDay ? actual >= expected && actual < expected + 86_400_000 : compare(actual, term.comparator, expected);
      };
    }
    case "number": {
      const expected = Number(term.value);
      if (!Number.isFinite(expected)) throw new GraphQLError(`Simulator: "${term.value}" in "${term.raw}" is not a number`);
      return (item) => compare(field.get(item), term.comparator, expected);
    }
    case "text":
    case "not-text": {
      if (term.comparator !== ":") throw unsupported(resource, term.raw, {});
      const normalize = (value: string) => (field.kind === "text" && field.normalize ? field.normalize(value) : value).toLowerCase();
      const expected = normalize(term.value);
      const hits = (item: T) => {
        const value = field.get(item);
        const values = value === null ? [] : typeof value === "string" ? [value] : value;
        return values.some((candidate) => normalize(candidate) === expected);
      };
      return field.kind === "text" ? hits : (item) => !hits(item);
    }
  }
}

export function applySearch<T>(resource: string, items: readonly T[], query: string | null | undefined, fields: SearchFields<T>): T[] {
  if (!query?.trim()) return [...items];
  const predicates = parseTerms(resource, query, fields as SearchFields<unknown>).map((term) =>
    matcher(resource, term, fields[term.field]),
  );
  return items.filter((item) => predicates.every((predicate) => predicate(item)));
}

/** Orders a list by one of the supported sort keys (ties by id, as Shopify does). */
export function applySort<T extends { id: number }>(
  resource: string,
  items: readonly T[],
  sortKey: string | null | undefined,
  keys: Record<string, (item: T) => string | number>,
): { sorted: T[]; sortValue: (item: T) => string | number } {
  const key = sortKey ?? "ID";
  const get = keys[key];
  if (!get) {
    throw new GraphQLError(`Simulator: sortKey ${key} for ${resource} is not implemented (supported: ${Object.keys(keys).join(", ")})`);
  }
  const sorted = [...items].sort((a, b) => {
    const left = get(a);
    const right = get(b);
    if (left < right) return -1;
    if (left > right) return 1;
    return a.id - b.id;
  });
  return { sorted, sortValue: get };
}
