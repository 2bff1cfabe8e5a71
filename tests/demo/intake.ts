// The demo shop's intake settings, as its merchant would save them: the shop's customers write
// from their own company domains (so those are not typos of well-known ones), its carriers are
// UPS and DHL Express (neither delivers to PO boxes, both need a phone number on the parcel).
import type { IntakeSettingsValues } from "../../app/domain/intake";
import { demoCatalogue } from "./store";

export function demoIntakeSettings(): IntakeSettingsValues {
  const domains = [...new Set(demoCatalogue().customers.map((customer) => customer.email.split("@")[1]))];
  return {
    config: { email: { extraDomains: domains }, phone: { required: true } },
    carriers: ["UPS", "DHL Express"],
    slaHours: 4,
    fixLinkHours: 72,
  };
}
