import type { IntakeConfig } from "../config";
import { createFinding, type Finding } from "../findings";
import { describeLine, plural } from "../text";
import type { IntakeContext, IntakeOrder } from "../types";

/**
 * Quantities a customer is unlikely to have meant: above the shop's own ceiling, or far above what
 * the shop's customers usually buy of that variant (once there is enough history to say so).
 */
export function checkQuantity(order: IntakeOrder, context: IntakeContext, config: IntakeConfig): Finding[] {
  const { maxPerLine, historyMultiplier, minHistoryOrders } = config.quantity;
  return order.lineItems.flatMap((line, i): Finding[] => {
    const field = `lineItems[${i}].quantity`;
    if (line.quantity > maxPerLine) {
      return [
        createFinding("QUANTITY_ABOVE_MAX", {
          field,
          message: `${describeLine(line, i)} asks for ${line.quantity}, more than the ${maxPerLine} per line this shop allows.`,
          suggestion: `Confirm the quantity with the customer before shipping ${line.quantity}.`,
        }),
      ];
    }
    const stats = line.variantId ? context.quantityHistory?.[line.variantId] : undefined;
    if (!stats || stats.orders < minHistoryOrders) return [];
    const usualCeiling = Math.max(stats.p95, 1) * historyMultiplier;
    if (line.quantity <= usualCeiling) return [];
    return [
      createFinding("QUANTITY_ABOVE_HISTORY", {
        field,
        message:
          `${describeLine(line, i)} asks for ${line.quantity}; 95% of the shop's ${plural(stats.orders, "order")} ` +
          `for it had ${stats.p95} or fewer (usually ${stats.median}).`,
        suggestion: `Confirm the quantity with the customer before shipping ${line.quantity}.`,
      }),
    ];
  });
}
