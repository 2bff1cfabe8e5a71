import { randomUUID } from "node:crypto";
import {
  contactFixErrors,
  describeActor,
  signFixToken,
  type Actor,
  type ContactFix,
  type FixScope,
} from "../domain/intake";
import { createFixLink } from "../models/fix-links.server";
import { getIntakeSettings } from "../models/intake-settings.server";
import { recordEvents } from "../models/order-events.server";
import { orderById, overrideFindings } from "../models/order-intake.server";
import { fetchFulfillmentOrders } from "../shopify/fulfillment-orders.server";
import { fetchOrder, requestOrderCancel, updateOrderContact, type CancelReason, type ContactUpdate } from "../shopify/orders.server";
import { availabilityFromMirror, buildIntakeContext } from "./context.server";
import { evaluateOrder, withOrderLock, type IntakeDeps } from "./evaluate.server";

// What the merchant (admin) and the customer (fix link) do to an order in intake. Each action
// changes Shopify or the findings and then runs the same evaluation a webhook would, so holds and
// tags follow at once.

export const APP_PROXY_PATH = "/apps/returns";

/** Accepts open findings (all blocking ones when no ids are given); the order is released when nothing blocks it any more. */
export async function acceptFindings(
  deps: IntakeDeps,
  input: { shop: string; orderId: string; findingIds: string[] | null; actor: Actor; note: string | null },
): Promise<number> {
  return withOrderLock(deps.db, input.shop, input.orderId, async () => {
    const now = deps.now?.() ?? new Date();
    const accepted = await overrideFindings(deps.db, { orderId: input.orderId, ids: input.findingIds, by: describeActor(input.actor), note: input.note, now });
    if (accepted.length === 0) return 0;
    await recordEvents(
      deps.db,
      input.shop,
      input.orderId,
      accepted.map((row) => ({
        kind: "finding_overridden",
        actor: input.actor,
        summary: `Accepted${input.note ? ` (${input.note})` : ""}: ${row.message}`,
        details: { code: row.code, field: row.field, severity: row.severity },
      })),
    );
    await evaluateOrder(deps, { shop: input.shop, orderId: input.orderId, actor: input.actor });
    return accepted.length;
  });
}

export type CorrectionResult = { ok: true } | { ok: false; errors: Record<string, string> };

/**
 * Corrects the shipping address, phone or email on Shopify after checking the correction with the
 * same rules; what would still be wrong comes back as field errors and nothing is written.
 */
export async function correctContact(
  deps: IntakeDeps,
  input: { shop: string; orderId: string; fix: ContactFix; scope: FixScope; actor: Actor },
): Promise<CorrectionResult> {
  // Under the order's lock, so the orders/updated this correction causes is worked after it and
  // the resolved findings are credited to whoever corrected them.
  return withOrderLock(deps.db, input.shop, input.orderId, () => correctUnderLock(deps, input));
}

async function correctUnderLock(
  deps: IntakeDeps,
  input: { shop: string; orderId: string; fix: ContactFix; scope: FixScope; actor: Actor },
): Promise<CorrectionResult> {
  const { db, graphql } = deps;
  const order = await fetchOrder(graphql, input.orderId);
  if (!order) return { ok: false, errors: { form: "The order no longer exists on Shopify." } };
  if (order.cancelledAt) return { ok: false, errors: { form: "The order is cancelled." } };
  const fulfillmentOrders = (await fetchFulfillmentOrders(graphql, order.id)) ?? [];
  const settings = await getIntakeSettings(db, input.shop);
  const context = await buildIntakeContext(
    { db, graphql, availability: deps.availability ?? availabilityFromMirror(db) },
    { shop: input.shop, order, fulfillmentOrders, config: settings.config, carriers: settings.carriers, now: deps.now?.() ?? new Date() },
  );
  const errors = contactFixErrors(order, input.fix, context, settings.config, input.scope);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const update: ContactUpdate = {};
  const changed: string[] = [];
  if (input.fix.shippingAddress) {
    const { firstName, lastName, company, address1, address2, city, provinceCode, zip, countryCode, phone } = input.fix.shippingAddress;
    update.shippingAddress = {
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      company: company.trim(),
      address1: address1.trim(),
      address2: address2.trim(),
      city: city.trim(),
      provinceCode: provinceCode.trim().toUpperCase(),
      zip: zip.trim(),
      countryCode: countryCode.trim().toUpperCase(),
      phone: phone.trim(),
    };
    changed.push("shipping address");
  }
  if (input.fix.phone !== undefined) {
    update.phone = input.fix.phone.trim();
    changed.push("phone number");
  }
  if (input.fix.email !== undefined) {
    update.email = input.fix.email.trim();
    changed.push("email address");
  }
  await updateOrderContact(graphql, order.id, update);
  await recordEvents(db, input.shop, order.id, [
    {
      kind: "contact_corrected",
      actor: input.actor,
      summary: `Corrected the ${changed.length > 1 ? `${changed.slice(0, -1).join(", ")} and ${changed.at(-1)}` : changed[0]} on Shopify.`,
      details: { fields: changed },
    },
  ]);
  await evaluateOrder(deps, { shop: input.shop, orderId: order.id, actor: input.actor });
  return { ok: true };
}

/** A signed, expiring link the customer opens on the storefront (App Proxy) to correct their address or phone. */
export async function createCustomerFixLink(
  deps: Pick<IntakeDeps, "db" | "now">,
  input: { shop: string; orderId: string; actor: Actor; secret: string; storefrontUrl: (shop: string, path: string) => string },
): Promise<{ url: string; expiresAt: Date }> {
  const order = await orderById(deps.db, input.shop, input.orderId);
  if (!order) throw new Response("No such order", { status: 404 });
  const settings = await getIntakeSettings(deps.db, input.shop);
  const now = deps.now?.() ?? new Date();
  const expiresAt = new Date(now.getTime() + settings.fixLinkHours * 3_600_000);
  const link = await createFixLink(deps.db, { id: randomUUID(), shop: input.shop, orderId: order.id, createdBy: describeActor(input.actor), expiresAt });
  const token = signFixToken({ linkId: link.id, shop: input.shop, orderId: order.legacyId, expiresAt }, input.secret);
  const url = input.storefrontUrl(input.shop, `${APP_PROXY_PATH}/fix/${token}`);
  await recordEvents(deps.db, input.shop, order.id, [
    {
      kind: "fix_link_created",
      actor: input.actor,
      summary: `Created a link for the customer to correct the address or phone, valid until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      details: { linkId: link.id },
    },
  ]);
  return { url, expiresAt };
}

/** Asks Shopify to cancel the order; the cancellation itself arrives as orders/cancelled. */
export async function cancelOrder(deps: IntakeDeps, input: { shop: string; orderId: string; reason: CancelReason; actor: Actor }): Promise<void> {
  const jobId = await requestOrderCancel(deps.graphql, input.orderId, input.reason, `Cancelled from Orderflow by ${describeActor(input.actor)}`);
  await recordEvents(deps.db, input.shop, input.orderId, [
    { kind: "cancel_requested", actor: input.actor, summary: `Asked Shopify to cancel the order (${input.reason.toLowerCase()}), restock it and refund the customer.`, details: { jobId } },
  ]);
}
