// Intake validation: pure rules over an order snapshot and what the caller looked up for it.
export { checkOrder } from "./check-order";
export { DEFAULT_INTAKE_CONFIG, intakeConfigSchema, parseIntakeConfig, type IntakeConfig, type IntakeConfigInput, type RuleName } from "./config";
export { FINDING_CODES, type Finding, type FindingCode } from "./findings";
export { holdPlan, type HoldPlan } from "./hold-plan";
export { isPoBox } from "./rules/po-box";
export { summarize, type FindingSummary } from "./summarize";
export {
  FULFILLMENT_HOLD_REASONS,
  type ErrorClass,
  type FulfillmentHoldReason,
  type IntakeAddress,
  type IntakeContext,
  type IntakeLineItem,
  type IntakeOrder,
  type IntakeShippingLine,
  type LocationStock,
  type PastOrder,
  type QuantityStats,
  type Severity,
} from "./types";
