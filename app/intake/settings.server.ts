import type { Db } from "../db.server";
import { describeActor, parseSettingsForm, type SettingsForm } from "../domain/intake";
import { jobQueue } from "../jobs/runtime.server";
import { getIntakeSettings, saveIntakeSettings } from "../models/intake-settings.server";
import type { AdminContext } from "./admin-actions.server";
import { RECHECK_TASK, type RecheckPayload } from "./jobs.server";

export type SaveSettingsResult = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

/** Validates and saves the shop's intake settings, then has the orders still in play checked again under them. */
export async function saveSettings(db: Db, context: Pick<AdminContext, "shop" | "actor">, form: SettingsForm): Promise<SaveSettingsResult> {
  const current = await getIntakeSettings(db, context.shop);
  const parsed = parseSettingsForm(form, current.config);
  if (!parsed.ok) return parsed;
  await saveIntakeSettings(db, context.shop, parsed.values, describeActor(context.actor));
  const saved = await getIntakeSettings(db, context.shop);
  await jobQueue().enqueue(RECHECK_TASK, { shop: context.shop } satisfies RecheckPayload, {
    key: `recheck:${context.shop}:${saved.updatedAt?.toISOString()}`,
  });
  return { ok: true, message: "Saved. Open orders are being checked again with these settings." };
}
