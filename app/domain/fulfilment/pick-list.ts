// What to take off the shelves at one location: every open fulfillment order's remaining units,
// added up per SKU, with the orders that want them. Orders that cannot be fulfilled (on hold,
// say) are left off and listed with the reason, so nobody picks for a parcel that cannot ship.
import { fulfillability, lineTitle, type FulfillmentOrderSnapshot } from "./fulfillment-order";

export interface PickRow {
  sku: string | null;
  barcode: string | null;
  title: string;
  quantity: number;
  orders: string[];
}

export interface PickList {
  rows: PickRow[];
  units: number;
  /** Fulfillment orders on the list. */
  fulfillmentOrders: number;
  skipped: { orderName: string; fulfillmentOrderId: string; reason: string }[];
}

export function pickList(fulfillmentOrders: readonly FulfillmentOrderSnapshot[]): PickList {
  const rows = new Map<string, PickRow>();
  const skipped: PickList["skipped"] = [];
  let listed = 0;
  for (const fulfillmentOrder of fulfillmentOrders) {
    const can = fulfillability(fulfillmentOrder);
    if (!can.ok) {
      skipped.push({ orderName: fulfillmentOrder.order.name, fulfillmentOrderId: fulfillmentOrder.id, reason: can.reason });
      continue;
    }
    listed += 1;
    for (const line of fulfillmentOrder.lines) {
      if (line.remainingQuantity <= 0) continue;
      const title = lineTitle(line);
      const key = line.sku ? `sku:${line.sku.toUpperCase()}` : line.barcode ? `barcode:${line.barcode}` : `title:${title}`;
      const row = rows.get(key) ?? { sku: line.sku, barcode: line.barcode, title, quantity: 0, orders: [] };
      row.quantity += line.remainingQuantity;
      if (!row.orders.includes(fulfillmentOrder.order.name)) row.orders.push(fulfillmentOrder.order.name);
      rows.set(key, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a.sku ?? "~").localeCompare(b.sku ?? "~") || a.title.localeCompare(b.title));
  for (const row of sorted) row.orders.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { rows: sorted, units: sorted.reduce((n, row) => n + row.quantity, 0), fulfillmentOrders: listed, skipped };
}
