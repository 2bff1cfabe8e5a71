// Relay connections as Shopify serves them: first/last/after/before over a sorted list, opaque
// base64 cursors, `edges { cursor node }`, `nodes` and `pageInfo`.
import { GraphQLError } from "graphql";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface ConnectionView<N> {
  edges: Array<{ cursor: string; node: N }>;
  nodes: N[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const MAX_PAGE_SIZE = 250;

/** Set on the arguments of a connection inside a bulk operation, which has no page size and returns everything. */
export const UNBOUNDED = Symbol("unbounded connection");

export function encodeCursor(id: number, value: string | number): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString("base64");
}

function decodeCursor(cursor: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    if (typeof decoded.last_id === "number") return decoded.last_id;
  } catch {
    // falls through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort: ${cursor}`);
}

/**
 * `items` must already be in the order of the requested sort key; `sortValue` is what the cursor
 * remembers besides the id.
 */
export function connection<T extends { id: number }, N>(
  items: readonly T[],
  args: ConnectionArgs,
  toNode: (item: T) => N,
  sortValue: (item: T) => string | number = (item) => item.id,
): ConnectionView<N> {
  const { first, last, after, before } = args;
  const unbounded = (args as { [UNBOUNDED]?: boolean })[UNBOUNDED] === true;
  if (first == null && last == null && !unbounded) throw new GraphQLError("you must provide one of first or last");
  for (const [name, value] of unbounded ? [] : ([["first", first], ["last", last]] as const)) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The '${name}' argument must be between 0 and ${MAX_PAGE_SIZE}`);
    }
  }
  const list = args.reverse ? [...items].reverse() : [...items];
  const indexOf = (cursor: string) => {
    const id = decodeCursor(cursor);
    const index = list.findIndex((item) => item.id === id);
    if (index === -1) throw new GraphQLError(`Invalid cursor for current pagination sort: ${cursor}`);
    return index;
  };
  let start = after ? indexOf(after) + 1 : 0;
  let end = before ? indexOf(before) : list.length;
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const page = list.slice(start, Math.max(start, end));
  const edges = page.map((item) => ({ cursor: encodeCursor(item.id, sortValue(item)), node: toNode(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: end < list.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
