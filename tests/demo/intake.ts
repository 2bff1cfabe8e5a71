// The demo shop's intake settings, as its merchant would save them: the shop's customers write
// from their own company domains (so those are not typos of well-known ones), its carriers are
// UPS and DHL Express (neither delivers to PO boxes, both need a phone number on the parcel).
import { createDb } from "../../app/db.server";
import type { IntakeSettingsValues } from "../../app/domain/intake";
import { saveIntakeSettings } from "../../app/models/intake-settings.server";
import { DEMO_SHOP, demoCatalogue } from "./store";

export function demoIntakeSettings(): IntakeSettingsValues {
  const domains = [...new Set(demoCatalogue().customers.map((customer) => customer.email.split("@")[1]))];
  return {
    config: { email: { extraDomains: domains }, phone: { required: true } },
    carriers: ["UPS", "DHL Express"],
    slaHours: 4,
    fixLinkHours: 72,
  };
}

/** Saves the demo shop's intake settings in the app's database, as its merchant would on the settings page. */
export async function configureDemoIntake(databaseUrl: string, shop = DEMO_SHOP): Promise<void> {
  const db = createDb(databaseUrl);
  try {
    await saveIntakeSettings(db, shop, demoIntakeSettings(), "demo set-up");
  } finally {
    await db.$disconnect();
  }
}
