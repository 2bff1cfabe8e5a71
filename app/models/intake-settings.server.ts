import type { Db } from "../db.server";
import { parseIntakeConfig, type IntakeConfig, type IntakeSettingsValues } from "../domain/intake";

export interface IntakeSettings {
  config: IntakeConfig;
  carriers: string[];
  slaHours: number;
  fixLinkHours: number;
  updatedAt: Date | null;
}

/** The shop's settings, defaults where it has saved none. */
export async function getIntakeSettings(db: Db, shop: string): Promise<IntakeSettings> {
  const row = await db.intakeSettings.findUnique({ where: { shop } });
  return {
    config: parseIntakeConfig(row ? JSON.parse(row.config) : {}),
    carriers: row ? (JSON.parse(row.carriers) as string[]) : [],
    slaHours: row?.slaHours ?? 24,
    fixLinkHours: row?.fixLinkHours ?? 72,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function saveIntakeSettings(db: Db, shop: string, values: IntakeSettingsValues, updatedBy: string): Promise<void> {
  const data = {
    config: JSON.stringify(values.config),
    carriers: JSON.stringify(values.carriers),
    slaHours: values.slaHours,
    fixLinkHours: values.fixLinkHours,
    updatedBy,
  };
  await db.intakeSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}
