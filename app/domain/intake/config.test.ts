import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { DEFAULT_INTAKE_CONFIG, parseIntakeConfig, type RuleName } from "./config";

const RULE_NAMES: RuleName[] = ["address", "postalCode", "phone", "email", "quantity", "sku", "inventory", "duplicate", "poBox"];

describe("parseIntakeConfig", () => {
  it("GIVEN nothing stored WHEN parsed THEN every rule is on with its default thresholds", () => {
    for (const name of RULE_NAMES) expect(DEFAULT_INTAKE_CONFIG[name].enabled).toBe(true);
    expect(DEFAULT_INTAKE_CONFIG.quantity).toEqual({ enabled: true, maxPerLine: 50, historyMultiplier: 3, minHistoryOrders: 20 });
    expect(DEFAULT_INTAKE_CONFIG.duplicate.windowMinutes).toBe(1440);
    expect(DEFAULT_INTAKE_CONFIG.poBox.carriersWithoutPoBoxDelivery).toEqual(["UPS", "FedEx", "DHL Express"]);
    expect(DEFAULT_INTAKE_CONFIG.address.provinceRequiredCountries).toEqual(expect.arrayContaining(["US", "CA", "AU", "IN", "BR"]));
    expect(DEFAULT_INTAKE_CONFIG.severityOverrides).toEqual({});
    expect(parseIntakeConfig(null)).toEqual(DEFAULT_INTAKE_CONFIG);
    expect(parseIntakeConfig(undefined)).toEqual(DEFAULT_INTAKE_CONFIG);
  });

  it.each([
    ["one threshold", { quantity: { maxPerLine: 5 } }, (c: typeof DEFAULT_INTAKE_CONFIG) => [c.quantity.maxPerLine, c.quantity.historyMultiplier], [5, 3]],
    ["a rule switched off", { phone: { enabled: false } }, (c: typeof DEFAULT_INTAKE_CONFIG) => [c.phone.enabled, c.phone.required], [false, false]],
    ["country codes in any case", { address: { provinceRequiredCountries: ["us", " ca "] } }, (c: typeof DEFAULT_INTAKE_CONFIG) => c.address.provinceRequiredCountries, ["US", "CA"]],
    ["email domains in any case", { email: { extraDomains: [" Example.COM "] } }, (c: typeof DEFAULT_INTAKE_CONFIG) => c.email.extraDomains, ["example.com"]],
    ["a severity override", { severityOverrides: { PHONE_INVALID: "block" } }, (c: typeof DEFAULT_INTAKE_CONFIG) => c.severityOverrides, { PHONE_INVALID: "block" }],
    ["a code switched off", { severityOverrides: { PHONE_NOT_E164: "off" } }, (c: typeof DEFAULT_INTAKE_CONFIG) => c.severityOverrides, { PHONE_NOT_E164: "off" }],
  ])("GIVEN %s stored WHEN parsed THEN it is kept and the rest defaults", (_name, input, read, expected) => {
    expect(read(parseIntakeConfig(input))).toEqual(expected);
  });

  it.each([
    ["a negative maximum", { quantity: { maxPerLine: -1 } }, ["quantity", "maxPerLine"]],
    ["a fractional window", { duplicate: { windowMinutes: 1.5 } }, ["duplicate", "windowMinutes"]],
    ["a country name instead of a code", { address: { provinceRequiredCountries: ["Germany"] } }, ["address", "provinceRequiredCountries", 0]],
    ["an unknown finding code", { severityOverrides: { NOT_A_CODE: "warn" } }, ["severityOverrides", "NOT_A_CODE"]],
    ["an unknown severity", { severityOverrides: { PHONE_INVALID: "panic" } }, ["severityOverrides", "PHONE_INVALID"]],
    ["a switch that is not a boolean", { sku: { enabled: "yes" } }, ["sku", "enabled"]],
  ])("GIVEN %s WHEN parsed THEN it is refused naming the field", (_name, input, path) => {
    try {
      parseIntakeConfig(input);
      expect.unreachable("the config should have been refused");
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues.map((issue) => issue.path)).toContainEqual(path);
    }
  });
});
