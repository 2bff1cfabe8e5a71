import { describe, expect, it } from "vitest";
import { DEFAULT_INTAKE_CONFIG, parseIntakeConfig } from "./config";
import { parseSettingsForm, settingsFormValues } from "./settings-form";

const defaults = settingsFormValues(DEFAULT_INTAKE_CONFIG, { carriers: [], slaHours: 24, fixLinkHours: 72 });
const keep = { severityOverrides: { PHONE_NOT_E164: "off" as const } };

describe("parseSettingsForm", () => {
  it("GIVEN the form as the defaults fill it THEN it parses back to the same config", () => {
    const result = parseSettingsForm(defaults, { severityOverrides: {} });
    expect(result.ok).toBe(true);
    if (result.ok) expect(parseIntakeConfig(result.values.config)).toEqual(DEFAULT_INTAKE_CONFIG);
  });

  it("GIVEN a merchant's changes THEN lists are split, flags and numbers read, and overrides kept", () => {
    const result = parseSettingsForm(
      {
        ...defaults,
        "phone.required": "true",
        "sku.enabled": "false",
        "quantity.maxPerLine": "20",
        "email.extraDomains": "acme-corp.com,\n example.co.uk ,",
        carriers: "UPS, DHL Express",
        slaHours: "8",
      },
      keep,
    );
    expect(result).toMatchObject({ ok: true, values: { carriers: ["UPS", "DHL Express"], slaHours: 8, fixLinkHours: 72 } });
    if (!result.ok) return;
    const config = parseIntakeConfig(result.values.config);
    expect(config.phone.required).toBe(true);
    expect(config.sku.enabled).toBe(false);
    expect(config.quantity.maxPerLine).toBe(20);
    expect(config.email.extraDomains).toEqual(["acme-corp.com", "example.co.uk"]);
    expect(config.severityOverrides).toEqual({ PHONE_NOT_E164: "off" });
  });

  it.each([
    ["quantity.maxPerLine", "", "Enter the most a line may ask for"],
    ["quantity.maxPerLine", "2.5", "Enter the most a line may ask for as a whole number"],
    ["quantity.maxPerLine", "0", "Enter at least 1"],
    ["slaHours", "1000", "Enter a number from 1 to 720"],
    ["duplicate.windowMinutes", "soon", "Enter the duplicate window in minutes as a whole number"],
    ["phone.required", "maybe", "Choose on or off"],
    ["address.provinceRequiredCountries", "US, Canada", "Item 2: a two-letter ISO country code"],
    ["email.extraDomains", "ok.com, x", "Item 2: String must contain at least 3 character(s)"],
  ])("GIVEN %s = %j THEN that field says: %s", (field, value, message) => {
    expect(parseSettingsForm({ ...defaults, [field]: value }, keep)).toEqual({ ok: false, errors: { [field]: message } });
  });
});
