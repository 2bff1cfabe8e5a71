import { createFinding, type Finding } from "../findings";
import { describeLine, isBlank, shipsLine } from "../text";
import type { IntakeContext, IntakeOrder } from "../types";

/** Lines the warehouse cannot pick: no SKU, or one the catalogue does not have (any more). */
export function checkSku(order: IntakeOrder, context: IntakeContext): Finding[] {
  const skus = new Set(context.catalogue?.skus);
  const variantIds = new Set(context.catalogue?.variantIds);
  return order.lineItems.flatMap((line, i): Finding[] => {
    if (!shipsLine(line)) return [];
    const sku = line.sku?.trim();
    if (sku) {
      if (!context.catalogue || skus.has(sku)) return [];
      return [
        createFinding("SKU_UNKNOWN", {
          field: `lineItems[${i}].sku`,
          message: `${describeLine(line, i)} has a SKU that is not in the catalogue, so no one can pick it.`,
          suggestion: "Replace the line with the product the customer meant, or add the SKU to the catalogue.",
        }),
      ];
    }
    if (context.catalogue && line.variantId && !variantIds.has(line.variantId)) {
      return [
        createFinding("SKU_UNKNOWN", {
          field: `lineItems[${i}].variantId`,
          message: `${describeLine(line, i)} is a product variant that is no longer in the catalogue.`,
          suggestion: "Replace the line with a variant that is still sold.",
        }),
      ];
    }
    return [
      createFinding("SKU_MISSING", {
        field: `lineItems[${i}].sku`,
        message: isBlank(line.variantId)
          ? `${describeLine(line, i)} is a custom item without a SKU, so the warehouse cannot match it to stock.`
          : `${describeLine(line, i)} has no SKU, so the warehouse cannot match it to stock.`,
        suggestion: "Give the product a SKU, or tell the warehouse what to pack for this line.",
      }),
    ];
  });
}
