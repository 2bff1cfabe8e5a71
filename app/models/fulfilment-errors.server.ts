import type { Db } from "../db.server";

// The fulfilment error log: every refusal at the pack bench and every fulfilment Shopify refused,
// with who and when. Rows are never changed or removed by the app.

export type FulfilmentErrorKind = "wrong_item" | "over_scan" | "fulfil_refused";

export interface FulfilmentErrorEntry {
  shop: string;
  fulfillmentOrderId: string;
  orderName: string;
  kind: FulfilmentErrorKind;
  scanned: string | null;
  expected: string | null;
  message: string;
  actor: string;
}

export async function logFulfilmentError(db: Db, entry: FulfilmentErrorEntry): Promise<void> {
  await db.fulfillmentErrorLog.create({ data: entry });
}

export async function listFulfilmentErrors(db: Db, shop: string, options: { fulfillmentOrderId?: string; take?: number } = {}) {
  return db.fulfillmentErrorLog.findMany({
    where: { shop, ...(options.fulfillmentOrderId ? { fulfillmentOrderId: options.fulfillmentOrderId } : {}) },
    orderBy: { at: "desc" },
    take: options.take ?? 50,
  });
}
