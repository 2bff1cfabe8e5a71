import { createFinding, type Finding } from "../findings";
import { describeLine, plural, shipsLine } from "../text";
import type { IntakeContext, IntakeLineItem, IntakeOrder, LocationStock } from "../types";

interface Wanted {
  line: IntakeLineItem;
  index: number;
  quantity: number;
  lines: number;
}

/**
 * Whether the shop's locations can ship the order: a line no location can cover blocks it; a line
 * only several locations together can cover, or an order no single location can ship whole, means
 * more than one parcel. SKUs without stock records are the unknown-SKU rule's business.
 */
export function checkInventory(order: IntakeOrder, context: IntakeContext): Finding[] {
  const inventory = context.inventory;
  if (!inventory) return [];

  const wanted = new Map<string, Wanted>();
  order.lineItems.forEach((line, index) => {
    const sku = line.sku?.trim();
    if (!shipsLine(line) || !sku || !Object.hasOwn(inventory, sku)) return;
    const seen = wanted.get(sku);
    if (seen) {
      seen.quantity += line.quantity;
      seen.lines += 1;
    } else {
      wanted.set(sku, { line, index, quantity: line.quantity, lines: 1 });
    }
  });

  const findings: Finding[] = [];
  for (const [sku, want] of wanted) {
    const stock = inventory[sku];
    const best = stock.reduce<LocationStock | null>((top, level) => (top && top.available >= level.available ? top : level), null);
    if (best && best.available >= want.quantity) continue;
    const total = stock.reduce((sum, level) => sum + Math.max(0, level.available), 0);
    const asked = want.lines > 1 ? `${want.quantity} across ${want.lines} lines` : `${want.quantity}`;
    const subject = `${describeLine(want.line, want.index)} needs ${asked}`;
    const field = `lineItems[${want.index}].quantity`;
    if (best && total >= want.quantity) {
      findings.push(
        createFinding("INVENTORY_LINE_SPLIT", {
          field,
          message: `${subject}; no single location has that many (the most is ${best.available} at ${best.locationName}), so it ships from several.`,
          suggestion: "Let it ship in several parcels, or move stock to one location first.",
        }),
      );
      continue;
    }
    findings.push(
      createFinding("INVENTORY_LINE_OUT_OF_STOCK", {
        field,
        message:
          total === 0
            ? `${subject}, and no location has any in stock.`
            : `${subject}, but all locations together have only ${total}.`,
        suggestion:
          total === 0
            ? "Restock it, offer the customer a substitute, or refund the line."
            : `Restock it, or ship ${total} and refund the rest with the customer's agreement.`,
        suggestedValue: total > 0 && want.lines === 1 ? String(total) : undefined,
      }),
    );
  }
  if (findings.length > 0 || wanted.size < 2) return findings;

  const locations = new Map<string, string>();
  for (const sku of wanted.keys()) for (const level of inventory[sku]) locations.set(level.locationId, level.locationName);
  const shipsWhole = [...locations.keys()].some((locationId) =>
    [...wanted].every(([sku, want]) => (inventory[sku].find((level) => level.locationId === locationId)?.available ?? 0) >= want.quantity),
  );
  if (shipsWhole) return [];
  return [
    createFinding("INVENTORY_ORDER_SPLIT", {
      field: "lineItems",
      message: `No single location has all ${plural(wanted.size, "item")} of this order in stock, so it ships in more than one parcel.`,
      suggestion: "Let it ship in several parcels, or move stock to one location first.",
    }),
  ];
}
