import type { IntakeLineItem, IntakeOrder } from "./types";

export function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === "";
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** "Germany" for "DE"; the code itself when it is not one. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the country itself calls its postal code, as a merchant there would read it. */
export function postalCodeLabel(countryCode: string | null | undefined): string {
  switch (countryCode) {
    case "US":
      return "ZIP code";
    case "IN":
      return "PIN code";
    case "GB":
    case "AU":
    case "NZ":
      return "postcode";
    default:
      return "postal code";
  }
}

/** `line 2 "Trailhead Rain Jacket" (SKU TRJ-M)` */
export function describeLine(line: Pick<IntakeLineItem, "title" | "sku">, index: number): string {
  return `line ${index + 1} "${line.title}"${isBlank(line.sku) ? "" : ` (SKU ${line.sku!.trim()})`}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** True unless every line says it does not ship (gift cards, digital goods). */
export function needsShipping(order: Pick<IntakeOrder, "lineItems">): boolean {
  return order.lineItems.length === 0 || order.lineItems.some((line) => line.requiresShipping !== false);
}

export function shipsLine(line: IntakeLineItem): boolean {
  return line.requiresShipping !== false;
}
