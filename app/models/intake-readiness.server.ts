import type { Db } from "../db.server";

// What fulfilment needs to know from intake (OrderIntake): whether an order has been checked, and
// how many blocking problems it still has open. Accepted (overridden) findings do not count.

export interface IntakeReadiness {
  status: string;
  openBlocking: number;
}

/** Orders intake has not evaluated yet are missing from the map. */
export async function intakeReadiness(db: Db, shop: string, orderIds: readonly string[]): Promise<Map<string, IntakeReadiness>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db.orderIntake.findMany({
    where: { shop, orderId: { in: [...new Set(orderIds)] }, evaluatedAt: { not: null } },
    select: { orderId: true, status: true, openBlocking: true },
  });
  return new Map(rows.map((row) => [row.orderId, { status: row.status, openBlocking: row.openBlocking }]));
}
