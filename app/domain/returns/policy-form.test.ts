import { describe, expect, it } from "vitest";
import { DEFAULT_RETURN_POLICY, readReturnPolicy } from "./policy";
import { BLANK_REASON_ROWS, policyFieldErrors, policyFormValues, readPolicyForm, type PolicyForm } from "./policy-form";

const stored = () => policyFormValues(DEFAULT_RETURN_POLICY);

function read(form: PolicyForm) {
  const result = readPolicyForm(form);
  if (!result.ok) throw new Error(`form refused: ${JSON.stringify(result.errors)}`);
  const policy = readReturnPolicy(result.input);
  if (!policy.ok) throw new Error(`policy refused: ${JSON.stringify(policy.error)}`);
  return policy.value;
}

describe("the return policy form", () => {
  it("GIVEN the stored policy's form WHEN sent back unchanged THEN it reads as the same policy", () => {
    expect(read(stored())).toEqual(DEFAULT_RETURN_POLICY);
  });

  it("GIVEN amounts, lists, a rate in per cent and a new reason WHEN read THEN they become minor units, arrays, a fraction and a reason", () => {
    const rows = DEFAULT_RETURN_POLICY.reasons.length;
    const policy = read({
      ...stored(),
      windowDays: "14",
      "restockingFee.percent": "12.5",
      "restockingFee.flat": "2.50",
      "returnShippingFee.amount": "6.99",
      "autoApprove.maxValue": "150",
      "autoApprove.reasons": "size_too_small, SIZE_TOO_LARGE",
      "eligibility.excludedTags": "gift-card,\nsample",
      "serialReturner.maxReturnRate": "35",
      "resolutions.store_credit": "false",
      [`reasons.${rows}.code`]: "late_delivery",
      [`reasons.${rows}.label`]: "Arrived too late",
      [`reasons.${rows}.merchantFault`]: "true",
    });
    expect(policy).toMatchObject({
      windowDays: 14,
      restockingFee: { percent: 12.5, flat: 250 },
      returnShippingFee: { amount: 699 },
      autoApprove: { maxValue: 15_000, reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE"] },
      eligibility: { excludedTags: ["gift-card", "sample"] },
      serialReturner: { maxReturnRate: 0.35 },
      resolutions: ["refund", "exchange"],
    });
    expect(policy.reasons.at(-1)).toEqual({
      code: "LATE_DELIVERY",
      label: "Arrived too late",
      shopifyReason: "OTHER",
      merchantFault: true,
      requiresNote: false,
      requiresPhoto: false,
    });
  });

  it("GIVEN the form WHEN shown THEN blank reason rows follow the shop's reasons", () => {
    const form = stored();
    const rows = DEFAULT_RETURN_POLICY.reasons.length;
    expect(form[`reasons.${rows - 1}.code`]).toBe("OTHER");
    expect(form[`reasons.${rows + BLANK_REASON_ROWS - 1}.code`]).toBe("");
    expect(form[`reasons.${rows + BLANK_REASON_ROWS}.code`]).toBeUndefined();
  });

  it.each<[string, PolicyForm, string, RegExp]>([
    ["a window in words", { windowDays: "thirty" }, "windowDays", /whole number/],
    ["a fee with too many decimals", { "restockingFee.flat": "2.505" }, "restockingFee.flat", /amount in USD, such as 12.50/],
    ["a blank shipping fee", { "returnShippingFee.amount": "" }, "returnShippingFee.amount", /0 for none/],
    ["a rate above 100 %", { "serialReturner.maxReturnRate": "120" }, "serialReturner.maxReturnRate", /from 0 to 100/],
    ["a reason without a label", { "reasons.9.code": "LOST" }, "reasons.9.label", /how customers see/],
    ["a currency in words", { currencyCode: "dollars" }, "currencyCode", /three-letter/],
  ])("GIVEN %s WHEN read THEN the field says what to change", (_, change, field, message) => {
    const result = readPolicyForm({ ...stored(), ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[field]).toMatch(message);
  });

  it("GIVEN the policy refuses what the form let through WHEN its errors are named THEN they land on the form's fields and reason rows", () => {
    const form = { ...stored(), "reasons.1.code": "", "reasons.1.label": "", "reasons.3.code": "SIZE_TOO_SMALL", "restockingFee.exemptReasons": "DEFECTIVE, BROKEN" };
    const input = readPolicyForm(form);
    expect(input.ok).toBe(true);
    if (!input.ok) return;
    const policy = readReturnPolicy(input.input);
    expect(policy.ok).toBe(false);
    if (policy.ok) return;
    expect(policyFieldErrors(policy.error, form)).toMatchObject({
      // the policy counts filled rows only: its reasons.2 is the form's row 3, row 1 having been emptied
      "reasons.3.code": "SIZE_TOO_SMALL is listed twice",
      "restockingFee.exemptReasons": "Entry 2: BROKEN is not one of the policy's reasons",
    });
  });

  it("GIVEN no way to resolve a return WHEN checked THEN the resolutions say so", () => {
    const form = { ...stored(), "resolutions.refund": "false", "resolutions.store_credit": "false", "resolutions.exchange": "false" };
    const input = readPolicyForm(form);
    if (!input.ok) throw new Error("form refused");
    const policy = readReturnPolicy(input.input);
    expect(policy.ok).toBe(false);
    if (policy.ok) return;
    expect(policyFieldErrors(policy.error, form).resolutions).toBe("Offer at least one way to resolve a return");
  });
});
