import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { adminRequest, AdminApiError, assertNoUserErrors, type AdminGraphql, type UserError } from "./admin-client.server";

// Bulk query operations: start one, read its status, stream its JSONL result line by line
// (a full inventory is tens of megabytes; it is never held whole).

const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

const BULK_OPERATION_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount url completedAt }
  }
`;

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export interface BulkOperation {
  id: string;
  status: BulkOperationStatus;
  errorCode: string | null;
  objectCount: number;
  rootObjectCount: number;
  url: string | null;
  completedAt: string | null;
}

/** Starts a bulk query; throws UserErrorsError (code LIMIT_REACHED when the shop runs its maximum already). */
export async function runBulkQuery(graphql: AdminGraphql, query: string): Promise<{ id: string; status: BulkOperationStatus }> {
  const data = await adminRequest<{
    bulkOperationRunQuery: { bulkOperation: { id: string; status: BulkOperationStatus } | null; userErrors: UserError[] } | null;
  }>(graphql, BULK_OPERATION_RUN_QUERY, { query });
  assertNoUserErrors("bulkOperationRunQuery", data.bulkOperationRunQuery);
  const operation = data.bulkOperationRunQuery!.bulkOperation;
  if (!operation) throw new AdminApiError("bulkOperationRunQuery returned no operation", data);
  return operation;
}

export async function fetchBulkOperation(graphql: AdminGraphql, id: string): Promise<BulkOperation | null> {
  const { bulkOperation } = await adminRequest<{
    bulkOperation: (Omit<BulkOperation, "objectCount" | "rootObjectCount"> & { objectCount: string; rootObjectCount: string }) | null;
  }>(graphql, BULK_OPERATION_STATUS, { id });
  if (!bulkOperation) return null;
  // UnsignedInt64 arrives as a string.
  return { ...bulkOperation, objectCount: Number(bulkOperation.objectCount), rootObjectCount: Number(bulkOperation.rootObjectCount) };
}

/** The result file's objects, one per line, read as the download goes. */
export async function* streamJsonl(url: string, fetchImpl: typeof fetch = fetch): AsyncGenerator<Record<string, unknown>> {
  const response = await fetchImpl(url);
  if (!response.ok || !response.body) throw new AdminApiError(`Downloading the bulk operation result failed: HTTP ${response.status}`, { url });
  const lines = createInterface({ input: Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== "") yield JSON.parse(line) as Record<string, unknown>;
  }
}
