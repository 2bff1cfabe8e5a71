import { gid } from "../../ids";
import { bulkProgress, bulkResultBody, bulkResultUrl, MAX_RUNNING_BULK_QUERIES, runningBulkQueries, startBulkOperation, tickBulkOperations } from "../../bulk-operations";
import type { BulkOperationRecord } from "../../store";
import type { ResolverModule, SimContext, View } from "../context";
import { idOf } from "./common";

export function bulkOperationView(context: SimContext, operation: BulkOperationRecord): View {
  const progress = bulkProgress(context.shop, operation, context.store.clock.now());
  const completed = operation.status === "COMPLETED";
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", operation.id),
    type: operation.type,
    status: operation.status,
    query: operation.query,
    createdAt: operation.createdAt,
    completedAt: operation.completedAt,
    errorCode: null,
    // UnsignedInt64 travels as a string.
    objectCount: String(progress.objectCount),
    rootObjectCount: String(progress.rootObjectCount),
    fileSize: completed && operation.lines.length > 0 ? String(Buffer.byteLength(bulkResultBody(operation))) : null,
    url: bulkResultUrl(context.store, operation),
    partialDataUrl: null,
  };
}

function findBulkOperation(context: SimContext, id: number): View | null {
  tickBulkOperations(context.store, context.shop);
  const operation = context.shop.bulkOperations.get(id);
  return operation ? bulkOperationView(context, operation) : null;
}

export const bulkOperationResolvers: ResolverModule = {
  query: {
    bulkOperation: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "BulkOperation");
      return numeric === null ? null : findBulkOperation(context, numeric);
    },
    currentBulkOperation: ({ type }: { type?: string | null }, context) => {
      tickBulkOperations(context.store, context.shop);
      const latest = [...context.shop.bulkOperations.values()].filter((operation) => operation.type === (type ?? "QUERY")).at(-1);
      return latest ? bulkOperationView(context, latest) : null;
    },
  },
  mutation: {
    bulkOperationRunQuery: async ({ query, groupObjects }: { query: string; groupObjects: boolean }, context) => {
      tickBulkOperations(context.store, context.shop);
      if (runningBulkQueries(context.shop).length >= MAX_RUNNING_BULK_QUERIES) {
        return {
          bulkOperation: null,
          userErrors: [{ field: null, message: `A shop can run ${MAX_RUNNING_BULK_QUERIES} bulk query operations at a time.`, code: "LIMIT_REACHED" }],
        };
      }
      const result = await context.runBulkQuery(query);
      if ("userErrors" in result) return { bulkOperation: null, userErrors: result.userErrors };
      const operation = startBulkOperation(context.store, context.shop, { query, groupObjects, ...result });
      return { bulkOperation: bulkOperationView(context, operation), userErrors: [] };
    },
  },
  nodes: { BulkOperation: findBulkOperation },
};
