import type { IntakeConfig } from "../config";
import { createFinding, type Finding } from "../findings";
import { needsShipping } from "../text";
import type { IntakeContext, IntakeOrder, IntakeShippingLine } from "../types";

// Matched against a line lowercased, accents stripped, and dots and commas turned into spaces, so
// "P.O. Box", "P.O.Box" and "PO Box" all read "p o box" or "po box". The words that are a PO box on
// their own match anywhere; the short or ambiguous ones ("pobox", "box", "bp", "apartado") only
// when a number follows, which keeps "Box Hill", "Pobox Street" and "Boxwood Lane" out.
const PO_BOX_PATTERNS: readonly RegExp[] = [
  /\b(?:g ?)?p ?o box\b/, // PO Box, P.O. Box, GPO Box (AU)
  /\bp ?o ?b(?:ox)? ?(?:no |# ?)?\d/, // POBox 12, POB 12, P.O.B. 12
  /\bpost office box\b/,
  /\bpost ?box (?:no |# ?)?\d/, // Post Box No. 12 (IN, AE)
  /^box ?(?:no |# ?)?\d/, // Box 1142 (CA, SE)
  /\b(?:locked|private) bag ?(?:x ?)?\d/, // Locked Bag 3 (AU), Private Bag X9 (ZA, NZ)
  /\bpostfach\b/, // DE, AT, CH
  /\b(?:caixa|cx) postal\b/, // BR, PT
  /\bapartado (?:de correos|postal)\b|\bapdo (?:de )?correos\b|\bapartado \d/, // ES, MX, PT
  /\bcasilla (?:de correos?|postal)\b|\bcasilla \d/, // AR, CL, UY
  /\bcasella postale\b/, // IT
  /\b(?:boite|case) postale\b|^b ?p \d/, // FR, BE, CH, Québec
  /\bpostbus \d/, // NL, BE
  /\bpostboks \d/, // NO, DK
  /\bskrytka pocztowa\b/, // PL
];

/** True when an address line is a post-office box, in any of the forms the table test lists. */
export function isPoBox(line: string | null | undefined): boolean {
  if (!line) return false;
  const normalized = line
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[.,;:]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return PO_BOX_PATTERNS.some((pattern) => pattern.test(normalized));
}

/**
 * A PO box where the carrier cannot deliver. The carrier is the one the order's shipping line names,
 * or else any of the shop's carriers; a box only none of them can reach blocks the order.
 */
export function checkPoBox(order: IntakeOrder, context: IntakeContext, config: IntakeConfig): Finding[] {
  const address = order.shippingAddress;
  if (!address || !needsShipping(order)) return [];
  const field = isPoBox(address.address1) ? "shippingAddress.address1" : isPoBox(address.address2) ? "shippingAddress.address2" : null;
  if (!field) return [];
  const box = (field === "shippingAddress.address1" ? address.address1 : address.address2)!.trim();

  const noPoBox = config.poBox.carriersWithoutPoBoxDelivery;
  const shopCarriers = context.shopCarriers ?? [];
  const named = unique([...noPoBox, ...shopCarriers]).filter((carrier) => (order.shippingLines ?? []).some((line) => mentions(line, carrier)));
  const carriers = named.length > 0 ? named : shopCarriers;
  const cannot = carriers.filter((carrier) => noPoBox.some((name) => sameName(name, carrier)));
  const can = carriers.filter((carrier) => !cannot.includes(carrier));
  const askForStreet = "Ask the customer for a street address";

  if (carriers.length > 0 && can.length === 0) {
    return [
      createFinding("ADDRESS_PO_BOX_UNDELIVERABLE", {
        field,
        message: `The order ships to "${box}", a PO box, and ${list(cannot, "and")} ${cannot.length === 1 ? "does" : "do"} not deliver to PO boxes.`,
        suggestion: `${askForStreet}.`,
      }),
    ];
  }
  if (carriers.length > 0 && cannot.length === 0) return [];
  if (carriers.length === 0 && (noPoBox.length === 0 || !config.poBox.flagWhenCarrierUnknown)) return [];
  return [
    createFinding("ADDRESS_PO_BOX", {
      field,
      message:
        carriers.length === 0
          ? `The order ships to "${box}", a PO box, which ${list(noPoBox, "or")} cannot deliver to.`
          : `The order ships to "${box}", a PO box, which ${list(cannot, "or")} cannot deliver to.`,
      suggestion:
        carriers.length === 0
          ? `Ship it with a postal service, or ${askForStreet.toLowerCase()}.`
          : `Ship it with ${list(can, "or")}, or ${askForStreet.toLowerCase()}.`,
    }),
  ];
}

function mentions(line: IntakeShippingLine, carrier: string): boolean {
  const words = new RegExp(`(?:^|[^a-z0-9])${escape(carrier.toLowerCase())}(?:$|[^a-z0-9])`);
  return [line.title, line.code, line.carrierIdentifier, line.source].some((text) => !!text && words.test(text.toLowerCase()));
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function unique(names: readonly string[]): string[] {
  return names.filter((name, i) => names.findIndex((other) => sameName(other, name)) === i);
}

function list(names: readonly string[], conjunction: "and" | "or"): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} ${conjunction} ${names[names.length - 1]}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

