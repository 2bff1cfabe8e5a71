import { z } from "zod";
import { flag, list, number } from "../form-fields";
import { intakeConfigSchema, type IntakeConfig, type IntakeConfigInput, type RuleName } from "./config";

// The intake settings page's form: flat string fields in, a validated IntakeConfigInput and the
// shop's other intake settings out, or an error per field.

export const RULE_NAMES: readonly RuleName[] = ["address", "postalCode", "phone", "email", "quantity", "sku", "inventory", "duplicate", "poBox"];

export interface IntakeSettingsValues {
  config: IntakeConfigInput;
  carriers: string[];
  slaHours: number;
  fixLinkHours: number;
}

export type SettingsForm = Record<string, string>;

const formSchema = z.object({
  ...Object.fromEntries(RULE_NAMES.map((rule) => [`${rule}.enabled`, flag])),
  "postalCode.checkProvince": flag,
  "phone.required": flag,
  "phone.requireMobile": flag,
  "phone.suggestE164": flag,
  "poBox.flagWhenCarrierUnknown": flag,
  "quantity.maxPerLine": number("the most a line may ask for", { integer: true, min: 1 }),
  "quantity.historyMultiplier": number("how many times the usual quantity is unusual", { integer: false, min: 1 }),
  "quantity.minHistoryOrders": number("how many orders make a history", { integer: true, min: 1 }),
  "duplicate.windowMinutes": number("the duplicate window in minutes", { integer: true, min: 1 }),
  "email.extraDomains": list,
  "poBox.carriersWithoutPoBoxDelivery": list,
  "address.provinceRequiredCountries": list,
  carriers: list,
  slaHours: number("the hours to resolve a problem in", { integer: true, min: 1, max: 720 }),
  fixLinkHours: number("the hours a fix link stays valid", { integer: true, min: 1, max: 720 }),
});

type FormValues = z.output<typeof formSchema> & Record<string, unknown>;

export type SettingsFormResult = { ok: true; values: IntakeSettingsValues } | { ok: false; errors: Record<string, string> };

/** Validates the form; the shop's severity overrides (not on the form) are kept as they are. */
export function parseSettingsForm(form: SettingsForm, current: Pick<IntakeConfig, "severityOverrides">): SettingsFormResult {
  const parsed = formSchema.safeParse(form);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues, (path) => String(path[0])) };
  const values = parsed.data as FormValues;
  const get = <T>(name: string) => values[name] as T;
  const config: IntakeConfigInput = {
    address: { enabled: get("address.enabled"), provinceRequiredCountries: get("address.provinceRequiredCountries") },
    postalCode: { enabled: get("postalCode.enabled"), checkProvince: get("postalCode.checkProvince") },
    phone: { enabled: get("phone.enabled"), required: get("phone.required"), requireMobile: get("phone.requireMobile"), suggestE164: get("phone.suggestE164") },
    email: { enabled: get("email.enabled"), extraDomains: get("email.extraDomains") },
    quantity: {
      enabled: get("quantity.enabled"),
      maxPerLine: get("quantity.maxPerLine"),
      historyMultiplier: get("quantity.historyMultiplier"),
      minHistoryOrders: get("quantity.minHistoryOrders"),
    },
    sku: { enabled: get("sku.enabled") },
    inventory: { enabled: get("inventory.enabled") },
    duplicate: { enabled: get("duplicate.enabled"), windowMinutes: get("duplicate.windowMinutes") },
    poBox: {
      enabled: get("poBox.enabled"),
      carriersWithoutPoBoxDelivery: get("poBox.carriersWithoutPoBoxDelivery"),
      flagWhenCarrierUnknown: get("poBox.flagWhenCarrierUnknown"),
    },
    severityOverrides: current.severityOverrides,
  };
  const checked = intakeConfigSchema.safeParse(config);
  if (!checked.success) {
    return { ok: false, errors: fieldErrors(checked.error.issues, (path) => path.filter((part) => typeof part === "string").join(".")) };
  }
  return { ok: true, values: { config, carriers: values.carriers, slaHours: values.slaHours, fixLinkHours: values.fixLinkHours } };
}

function fieldErrors(issues: z.ZodIssue[], field: (path: Array<string | number>) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const name = field(issue.path);
    const at = issue.path.find((part) => typeof part === "number");
    errors[name] ??= at === undefined ? issue.message : `Item ${at + 1}: ${issue.message}`;
  }
  return errors;
}

/** The form's fields for stored settings. */
export function settingsFormValues(config: IntakeConfig, other: { carriers: readonly string[]; slaHours: number; fixLinkHours: number }): SettingsForm {
  const form: SettingsForm = {};
  for (const rule of RULE_NAMES) form[`${rule}.enabled`] = String(config[rule].enabled);
  Object.assign(form, {
    "postalCode.checkProvince": String(config.postalCode.checkProvince),
    "phone.required": String(config.phone.required),
    "phone.requireMobile": String(config.phone.requireMobile),
    "phone.suggestE164": String(config.phone.suggestE164),
    "poBox.flagWhenCarrierUnknown": String(config.poBox.flagWhenCarrierUnknown),
    "quantity.maxPerLine": String(config.quantity.maxPerLine),
    "quantity.historyMultiplier": String(config.quantity.historyMultiplier),
    "quantity.minHistoryOrders": String(config.quantity.minHistoryOrders),
    "duplicate.windowMinutes": String(config.duplicate.windowMinutes),
    "email.extraDomains": config.email.extraDomains.join(", "),
    "poBox.carriersWithoutPoBoxDelivery": config.poBox.carriersWithoutPoBoxDelivery.join(", "),
    "address.provinceRequiredCountries": config.address.provinceRequiredCountries.join(", "),
    carriers: other.carriers.join(", "),
    slaHours: String(other.slaHours),
    fixLinkHours: String(other.fixLinkHours),
  });
  return form;
}
