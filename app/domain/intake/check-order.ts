import type { IntakeConfig, RuleName } from "./config";
import type { Finding } from "./findings";
import { checkAddressCompleteness } from "./rules/address-completeness";
import { checkDuplicateOrder } from "./rules/duplicate-order";
import { checkEmail } from "./rules/email";
import { checkInventory } from "./rules/inventory";
import { checkPhone } from "./rules/phone";
import { checkPoBox } from "./rules/po-box";
import { checkPostalCode } from "./rules/postal-code";
import { checkQuantity } from "./rules/quantity";
import { checkSku } from "./rules/sku";
import type { IntakeContext, IntakeOrder, Severity } from "./types";

type Rule = (order: IntakeOrder, context: IntakeContext, config: IntakeConfig) => Finding[];

const RULES: Readonly<Record<RuleName, Rule>> = {
  address: (order, _context, config) => checkAddressCompleteness(order, config),
  postalCode: (order, _context, config) => checkPostalCode(order, config),
  poBox: checkPoBox,
  phone: (order, _context, config) => checkPhone(order, config),
  email: (order, _context, config) => checkEmail(order, config),
  quantity: checkQuantity,
  sku: (order, context) => checkSku(order, context),
  inventory: (order, context) => checkInventory(order, context),
  duplicate: checkDuplicateOrder,
};

const SEVERITY_ORDER: readonly Severity[] = ["block", "warn", "info"];

/** Everything intake finds wrong with an order, most severe first, with the shop's overrides applied. */
export function checkOrder(order: IntakeOrder, context: IntakeContext, config: IntakeConfig): Finding[] {
  const findings: Finding[] = [];
  for (const [name, rule] of Object.entries(RULES) as Array<[RuleName, Rule]>) {
    if (!config[name].enabled) continue;
    for (const finding of rule(order, context, config)) {
      const override = config.severityOverrides[finding.code];
      if (override === "off") continue;
      findings.push(override ? { ...finding, severity: override } : finding);
    }
  }
  return findings
    .map((finding, i) => ({ finding, i }))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity) || a.i - b.i)
    .map(({ finding }) => finding);
}
