import { z } from "zod";
import type { Db } from "../db.server";
import type { PortalDraft } from "./tokens";

// The customer's choice of how a portal return travels back, kept beside the return for the status
// page and for the merchant booking the pickup.

export async function saveDeliveryPreference(db: Db, input: { shop: string; returnId: string; preference: NonNullable<PortalDraft["delivery"]> }): Promise<void> {
  const { method, date, ...address } = input.preference;
  const data = {
    shop: input.shop,
    method: String(method),
    address: method === "pickup" ? JSON.stringify(address) : null,
    preferredDate: method === "pickup" && typeof date === "string" ? date : null,
  };
  await db.returnDeliveryPreference.upsert({ where: { returnId: input.returnId }, create: { returnId: input.returnId, ...data }, update: data });
}

export async function deliveryPreferenceOf(db: Db, shop: string, returnId: string): Promise<PortalDraft["delivery"]> {
  const row = await db.returnDeliveryPreference.findFirst({ where: { shop, returnId } });
  if (!row) return null;
  const address = row.address === null ? {} : z.record(z.unknown()).parse(JSON.parse(row.address));
  return { method: row.method, ...address, ...(row.preferredDate ? { date: row.preferredDate } : {}) };
}

const storedAddress = z.object({
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  city: z.string().nullish(),
  zip: z.string().nullish(),
  countryCode: z.string().nullish(),
  phone: z.string().nullish(),
});

/** The pickup form's starting values: the order's shipping address, which is usually where the parcel is. */
export async function pickupDefaults(db: Db, shop: string, orderId: string): Promise<Record<string, string>> {
  const row = await db.order.findFirst({ where: { id: orderId, shop }, select: { shippingAddress: true, phone: true } });
  const parsed = row?.shippingAddress ? storedAddress.safeParse(JSON.parse(row.shippingAddress)) : null;
  if (!parsed?.success) return {};
  const address = { ...parsed.data, phone: parsed.data.phone ?? row?.phone ?? null };
  return Object.fromEntries(Object.entries(address).flatMap(([key, value]) => (value ? [[`delivery.${key}`, value]] : [])));
}
