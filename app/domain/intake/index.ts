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

// The intake flow around the rules: stored findings, holds and tags, corrections, SLA, reconciliation.
export { diffFindings, findingKey, type FindingChanges, type FindingStatus, type StoredFinding } from "./finding-changes";
export {
  CLASS_TAGS,
  HOLD_HANDLE,
  HOLD_TAG,
  ownHold,
  planIntakeActions,
  releasedOutsideOrderflow,
  type CurrentFinding,
  type FulfillmentOrderHolds,
  type IntakePlan,
  type IntakeStatus,
} from "./intake-actions";
export { quantityHistory, stockForOrder, type StockLevel } from "./context-data";
export { applyContactFix, contactFixErrors, fixedAddress, type AddressFix, type ContactFix, type FixScope } from "./contact-fix";
export { signFixToken, verifyFixToken, type FixTokenCheck, type FixTokenClaims } from "./fix-token";
export { parseSettingsForm, RULE_NAMES, settingsFormValues, type IntakeSettingsValues, type SettingsForm } from "./settings-form";
export { AGE_FILTERS, describeAge, openedBefore, slaState, type AgeFilter, type SlaState } from "./sla";
export * as reconcile from "./reconcile";
export { AUTOMATION, describeActor, type Actor } from "./actor";
