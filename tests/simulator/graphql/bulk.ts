// Bulk query operations (shopify.dev, "Perform bulk operations with the GraphQL Admin API"):
// which queries Shopify accepts, and the JSONL it writes — one line per object of a
// connection, nested connections flattened out of their parent into lines of their own that
// name the parent in `__parentId`.
import {
  type DocumentNode,
  getNamedType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { isConnection, TYPENAME_KEY } from "./cost";
import { validateLikeShopify } from "./errors";

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_NESTING = 2;

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS";
}

const invalid = (message: string): { userErrors: BulkUserError[] } => ({ userErrors: [{ field: ["query"], message, code: "INVALID" }] });

/** The bulk query as Shopify would accept it, or its userErrors. */
export function checkBulkQuery(schema: GraphQLSchema, query: string): { document: DocumentNode; operation: OperationDefinitionNode } | { userErrors: BulkUserError[] } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return invalid(`Invalid bulk query: ${(error as Error).message}`);
  }
  const errors = validateLikeShopify(schema, document);
  if (errors.length) return invalid(`Invalid bulk query: ${errors.map((error) => error.message).join("; ")}`);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0].operation !== "query") return invalid("Bulk queries must contain exactly one query operation.");

  let connections = 0;
  let depth = 0;
  let deepest = 0;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter() {
          const type = typeInfo.getType();
          const named = type ? getNamedType(type) : undefined;
          if (named && isObjectType(named) && isConnection(named)) {
            connections += 1;
            depth += 1;
            deepest = Math.max(deepest, depth);
          }
        },
        leave() {
          const type = typeInfo.getType();
          const named = type ? getNamedType(type) : undefined;
          if (named && isObjectType(named) && isConnection(named)) depth -= 1;
        },
      },
    }),
  );
  if (connections === 0) return invalid("Bulk queries must contain at least one connection.");
  if (connections > MAX_BULK_CONNECTIONS) return invalid(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
  if (deepest > MAX_BULK_NESTING) return invalid(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_NESTING}.`);
  return { document, operation: operations[0] };
}

type Json = Record<string, unknown>;

function isConnectionValue(schema: GraphQLSchema, value: unknown): value is Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const type = schema.getType(String((value as Json)[TYPENAME_KEY]));
  return type !== undefined && isObjectType(type) && isConnection(type);
}

function nodesOf(connection: Json): Json[] {
  if (Array.isArray(connection.nodes)) return connection.nodes as Json[];
  if (Array.isArray(connection.edges)) return (connection.edges as Json[]).map((edge) => edge.node as Json);
  return [];
}

/**
 * Flattens executed data (with the simulator's typename key on every object) into JSONL lines.
 * Each node of a connection becomes a line; a connection inside it is left out of that line and
 * its nodes follow as lines of their own, with `__parentId` the id of the node they belong to.
 */
export function toJsonl(schema: GraphQLSchema, data: Json): { lines: string[]; rootObjectCount: number } {
  const lines: string[] = [];
  let rootObjectCount = 0;

  const copy = (value: unknown, ownerId: string | undefined, nested: Array<[Json, string | undefined]>): unknown => {
    if (Array.isArray(value)) return value.map((item) => copy(item, ownerId, nested));
    if (value === null || typeof value !== "object") return value;
    const result: Json = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === TYPENAME_KEY) continue;
      if (isConnectionValue(schema, child)) nested.push([child, ownerId]);
      else result[key] = copy(child, ownerId, nested);
    }
    return result;
  };

  const emitConnection = (connection: Json, parentId: string | undefined) => {
    for (const node of nodesOf(connection)) {
      if (node === null) continue;
      const id = typeof node.id === "string" ? node.id : undefined;
      const nested: Array<[Json, string | undefined]> = [];
      const line = copy(node, id, nested) as Json;
      if (nested.length > 0 && id === undefined) throw new Error("Bulk queries must select `id` on every object that has a nested connection.");
      if (parentId === undefined) rootObjectCount += 1;
      lines.push(JSON.stringify(parentId === undefined ? line : { ...line, __parentId: parentId }));
      for (const [child, owner] of nested) emitConnection(child, owner);
    }
  };

  for (const value of Object.values(data)) {
    if (isConnectionValue(schema, value)) emitConnection(value, undefined);
  }
  return { lines, rootObjectCount };
}
