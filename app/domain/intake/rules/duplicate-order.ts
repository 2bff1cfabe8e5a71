import type { IntakeConfig } from "../config";
import { createFinding, type Finding } from "../findings";
import { plural } from "../text";
import type { IntakeContext, IntakeLineItem, IntakeOrder, PastOrder } from "../types";

/**
 * The later of two orders from the same customer with the same items and quantities, placed within
 * the window: most often a double submit. The earlier order is left alone so one of them ships.
 */
export function checkDuplicateOrder(order: IntakeOrder, context: IntakeContext, config: IntakeConfig): Finding[] {
  const placedAt = order.createdAt ? Date.parse(order.createdAt) : context.now.getTime();
  const windowMs = config.duplicate.windowMinutes * 60_000;
  const items = itemsKey(order.lineItems);
  if (items === "") return [];

  const earlier = (context.recentOrders ?? [])
    .filter((past) => past.id !== order.id && !past.cancelledAt && sameCustomer(order, past))
    .map((past) => ({ past, gap: placedAt - Date.parse(past.createdAt) }))
    .filter(({ past, gap }) => (gap > 0 || (gap === 0 && placedFirst(past, order))) && gap <= windowMs && itemsKey(past.lineItems) === items)
    .sort((a, b) => a.gap - b.gap)[0];
  if (!earlier) return [];

  const minutes = Math.round(earlier.gap / 60_000);
  return [
    createFinding("DUPLICATE_ORDER", {
      field: "lineItems",
      message:
        `Order ${order.name} has the same items and quantities as ${earlier.past.name}, ` +
        `placed by the same customer ${minutes < 1 ? "less than a minute" : plural(minutes, "minute")} earlier.`,
      suggestion: `Ask the customer whether they meant to order twice; if not, cancel ${order.name} and ship ${earlier.past.name}.`,
    }),
  ];
}

/** Two orders placed in the same second: Shopify's ids grow with time, so the lower id came first. */
function placedFirst(past: PastOrder, order: IntakeOrder): boolean {
  const number = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? NaN);
  const [a, b] = [number(past.id), number(order.id)];
  return Number.isFinite(a) && Number.isFinite(b) ? a < b : past.name < order.name;
}

function sameCustomer(order: IntakeOrder, past: PastOrder): boolean {
  if (order.customer?.id && past.customerId) return order.customer.id === past.customerId;
  const email = (order.email ?? order.customer?.email)?.trim().toLowerCase();
  return !!email && email === past.email?.trim().toLowerCase();
}

/** The order's items as a comparable key: per variant (or SKU, or title) the total quantity. */
function itemsKey(lines: ReadonlyArray<Pick<IntakeLineItem, "title" | "sku" | "variantId" | "quantity">>): string {
  const totals = new Map<string, number>();
  for (const line of lines) {
    const key = line.variantId ?? (line.sku?.trim() ? `sku:${line.sku.trim()}` : `title:${line.title.trim()}`);
    totals.set(key, (totals.get(key) ?? 0) + line.quantity);
  }
  return [...totals].map(([key, quantity]) => `${key}×${quantity}`).sort().join("|");
}
