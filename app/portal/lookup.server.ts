import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db.server";

// Finding a customer's order without an account: its number and the email or postal code on it.
// A wrong email, a wrong postal code and an order that does not exist all end the same way (null),
// after the same one query, so the answer tells nobody which orders exist.

const text = (max: number) => z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), z.string().max(max, "That is too long"));

export const lookupSchema = z
  .object({
    orderNumber: text(40).pipe(z.string().min(1, "Enter your order number")),
    contact: text(254).pipe(z.string().min(1, "Enter the email or postal code on the order")),
  })
  .transform(({ orderNumber, contact }) => ({ orderNumber: orderNumber.replace(/^#/, "").trim(), contact }));

export type LookupInput = z.output<typeof lookupSchema>;

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

function sameText(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const normalEmail = (value: string) => value.trim().toLowerCase();
const normalPostalCode = (value: string) => value.replace(/[\s-]/g, "").toUpperCase();

/** The order's id when the number and the email or postal code match one order of the shop; null otherwise. */
export async function findOrderForGuest(db: Db, shop: string, input: LookupInput): Promise<string | null> {
  const candidates = await db.order.findMany({
    where: { shop, name: { in: [input.orderNumber, `#${input.orderNumber}`] } },
    select: { id: true, email: true, shippingAddress: true },
    take: 2,
  });
  let found: string | null = null;
  for (const order of candidates) {
    const zip = postalCodeOf(order.shippingAddress);
    const emailMatches = order.email !== null && sameText(normalEmail(order.email), normalEmail(input.contact));
    const zipMatches = zip !== null && zip !== "" && sameText(normalPostalCode(zip), normalPostalCode(input.contact));
    if (emailMatches || zipMatches) found = order.id;
  }
  return found;
}

function postalCodeOf(address: string | null): string | null {
  if (address === null) return null;
  const parsed = z.object({ zip: z.string().nullish() }).safeParse(JSON.parse(address));
  return parsed.success ? (parsed.data.zip ?? null) : null;
}

export interface CustomerOrder {
  id: string;
  name: string;
  placedAt: Date;
  total: string;
  currency: string;
}

/** The storefront customer's own orders (the proxy's logged_in_customer_id), newest first. */
export async function ordersOfCustomer(db: Db, shop: string, customerId: string): Promise<CustomerOrder[]> {
  if (!/^\d+$/.test(customerId)) return [];
  const rows = await db.order.findMany({
    where: { shop, customerId: `gid://shopify/Customer/${customerId}`, cancelledAt: null },
    orderBy: { shopifyCreatedAt: "desc" },
    select: { id: true, name: true, shopifyCreatedAt: true, totalPrice: true, currency: true },
    take: 20,
  });
  return rows.map((row) => ({ id: row.id, name: row.name, placedAt: row.shopifyCreatedAt, total: row.totalPrice, currency: row.currency }));
}

/** Whether the order belongs to the storefront customer. */
export async function orderOfCustomer(db: Db, shop: string, customerId: string, orderId: string): Promise<boolean> {
  if (!/^\d+$/.test(customerId)) return false;
  const row = await db.order.findFirst({ where: { id: orderId, shop, customerId: `gid://shopify/Customer/${customerId}` }, select: { id: true } });
  return row !== null;
}
