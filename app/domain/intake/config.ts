import { z } from "zod";
import { PROVINCE_REQUIRED } from "./address-data";
import { FINDING_CODE_LIST } from "./findings";

const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, "a two-letter ISO country code")
  .transform((code) => code.toUpperCase());

/** A rule's settings; each field has a default, so a rule left out of the stored settings parses from {}. */
function rule<T extends z.ZodRawShape>(shape: T) {
  const schema = z.object({ enabled: z.boolean().default(true), ...shape });
  return schema.default({} as z.input<typeof schema>);
}

/** A shop's intake settings. Every rule can be switched off; anything left out takes the default. */
export const intakeConfigSchema = z.object({
  address: rule({
    provinceRequiredCountries: z.array(countryCode).default(PROVINCE_REQUIRED),
  }),
  postalCode: rule({
    /** Also compare the postal code with the state or province (US, CA, AU, BR). */
    checkProvince: z.boolean().default(true),
  }),
  phone: rule({
    /** The shop's carriers need a phone number on every parcel. */
    required: z.boolean().default(false),
    /** The shop's carriers text delivery updates, so a landline will not do. */
    requireMobile: z.boolean().default(false),
    suggestE164: z.boolean().default(true),
  }),
  email: rule({
    /** Domains the shop's customers use beyond the common mail providers (a B2B shop's clients). */
    extraDomains: z.array(z.string().trim().toLowerCase().min(3)).default([]),
  }),
  quantity: rule({
    maxPerLine: z.number().int().positive().default(50),
    historyMultiplier: z.number().positive().default(3),
    minHistoryOrders: z.number().int().positive().default(20),
  }),
  sku: rule({}),
  inventory: rule({}),
  duplicate: rule({
    windowMinutes: z.number().int().positive().default(24 * 60),
  }),
  poBox: rule({
    // UPS, FedEx and DHL Express deliver to street addresses only (each carrier's service guide).
    carriersWithoutPoBoxDelivery: z.array(z.string().trim().min(1)).default(["UPS", "FedEx", "DHL Express"]),
    /** Warn about a PO box even when neither the order nor the shop names a carrier. */
    flagWhenCarrierUnknown: z.boolean().default(true),
  }),
  /** A different severity for a code, or "off" to drop it. */
  severityOverrides: z.record(z.enum(FINDING_CODE_LIST), z.enum(["block", "warn", "info", "off"])).default({}),
});

export type IntakeConfig = z.output<typeof intakeConfigSchema>;
export type IntakeConfigInput = z.input<typeof intakeConfigSchema>;
export type RuleName = Exclude<keyof IntakeConfig, "severityOverrides">;

/** Parses stored settings; throws a ZodError naming the bad field. */
export function parseIntakeConfig(input: unknown): IntakeConfig {
  return intakeConfigSchema.parse(input ?? {});
}

export const DEFAULT_INTAKE_CONFIG: IntakeConfig = parseIntakeConfig({});
