import { z } from "zod";
import type { Actor } from "../domain/intake";
import { jobQueue } from "../jobs/runtime.server";
import { orderById, orderByLegacyId } from "../models/order-intake.server";
import { acceptFindings, cancelOrder, correctContact, createCustomerFixLink } from "./actions.server";
import { dismissDeadLetter, replayDeadLetter } from "./dead-letters.server";
import type { IntakeDeps } from "./evaluate.server";
import { RECONCILE_TASK, type ReconcilePayload } from "./reconcile.server";

// The admin pages' actions: each form's input, validated, and the one function that carries it out.

const text = z.string().trim().max(255);
const cancelReason = z.enum(["CUSTOMER", "INVENTORY", "FRAUD", "DECLINED", "STAFF", "OTHER"]);

const addressFields = {
  firstName: text.default(""),
  lastName: text.default(""),
  company: text.default(""),
  address1: text.default(""),
  address2: text.default(""),
  city: text.default(""),
  provinceCode: text.default(""),
  zip: text.default(""),
  countryCode: text.default(""),
  phone: text.default(""),
};

export const orderActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), findingId: z.string().min(1), note: text.default("") }),
  z.object({ intent: z.literal("release") }),
  z.object({ intent: z.literal("correct"), ...addressFields, orderPhone: text.default(""), email: text.default("") }),
  z.object({ intent: z.literal("fix-link") }),
  z.object({ intent: z.literal("cancel"), reason: cancelReason }),
]);
export type OrderAction = z.infer<typeof orderActionSchema>;

export const inboxActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("release"), orderIds: z.array(z.string().min(1)).min(1).max(50) }),
  z.object({ intent: z.literal("fix-links"), orderIds: z.array(z.string().min(1)).min(1).max(50) }),
  z.object({ intent: z.literal("cancel"), orderIds: z.array(z.string().min(1)).min(1).max(50), reason: cancelReason }),
  z.object({ intent: z.literal("reconcile") }),
]);
export type InboxAction = z.infer<typeof inboxActionSchema>;

export const deadLetterActionSchema = z.object({ intent: z.enum(["replay", "dismiss"]), id: z.string().min(1) });
export type DeadLetterAction = z.infer<typeof deadLetterActionSchema>;

export interface AdminContext {
  shop: string;
  actor: Actor;
  secret: string;
  storefrontUrl: (shop: string, path: string) => string;
}

export type ActionResult =
  | { ok: true; message: string; links?: Array<{ order: string; url: string }> }
  | { ok: false; message: string; errors?: Record<string, string> };

export async function performOrderAction(deps: IntakeDeps, context: AdminContext, legacyId: string, input: OrderAction): Promise<ActionResult> {
  const order = await orderByLegacyId(deps.db, context.shop, legacyId);
  if (!order) throw new Response("No such order", { status: 404 });
  const { shop, actor } = context;
  switch (input.intent) {
    case "accept": {
      const count = await acceptFindings(deps, { shop, orderId: order.id, findingIds: [input.findingId], actor, note: input.note || null });
      return count ? { ok: true, message: "Problem accepted." } : { ok: false, message: "That problem is no longer open." };
    }
    case "release": {
      const count = await acceptFindings(deps, { shop, orderId: order.id, findingIds: null, actor, note: "Released by the merchant" });
      return count ? { ok: true, message: "Blocking problems accepted; the hold is released." } : { ok: false, message: "Nothing blocks this order." };
    }
    case "correct": {
      const { intent: _intent, orderPhone, email, ...address } = input;
      const result = await correctContact(deps, {
        shop,
        orderId: order.id,
        fix: { shippingAddress: address, phone: orderPhone, email },
        scope: "merchant",
        actor,
      });
      return result.ok ? { ok: true, message: "Saved on Shopify and checked again." } : { ok: false, message: "Some details are still wrong.", errors: result.errors };
    }
    case "fix-link": {
      const link = await createCustomerFixLink(deps, { shop, orderId: order.id, actor, secret: context.secret, storefrontUrl: context.storefrontUrl });
      return { ok: true, message: "Fix link created.", links: [{ order: order.name, url: link.url }] };
    }
    case "cancel": {
      await cancelOrder(deps, { shop, orderId: order.id, reason: input.reason, actor });
      return { ok: true, message: "Shopify is cancelling the order." };
    }
  }
}

export async function performInboxAction(deps: IntakeDeps, context: AdminContext, input: InboxAction): Promise<ActionResult> {
  const { shop, actor } = context;
  if (input.intent === "reconcile") {
    await jobQueue().enqueue(RECONCILE_TASK, { shop, trigger: "merchant" } satisfies ReconcilePayload, {
      key: `reconcile:${shop}:merchant:${new Date().toISOString().slice(0, 16)}`,
    });
    return { ok: true, message: "Reconciliation started." };
  }
  const orders = (await Promise.all(input.orderIds.map((id) => orderById(deps.db, shop, id)))).filter((order) => order !== null);
  switch (input.intent) {
    case "release": {
      let released = 0;
      for (const order of orders) {
        released += (await acceptFindings(deps, { shop, orderId: order.id, findingIds: null, actor, note: "Released by the merchant" })) > 0 ? 1 : 0;
      }
      return { ok: true, message: `Released ${released} of ${orders.length} order(s).` };
    }
    case "fix-links": {
      const links = [];
      for (const order of orders) {
        const link = await createCustomerFixLink(deps, { shop, orderId: order.id, actor, secret: context.secret, storefrontUrl: context.storefrontUrl });
        links.push({ order: order.name, url: link.url });
      }
      return { ok: true, message: `Created ${links.length} fix link(s).`, links };
    }
    case "cancel": {
      for (const order of orders) await cancelOrder(deps, { shop, orderId: order.id, reason: input.reason, actor });
      return { ok: true, message: `Shopify is cancelling ${orders.length} order(s).` };
    }
  }
}

export async function performDeadLetterAction(deps: Pick<IntakeDeps, "db">, context: Pick<AdminContext, "shop" | "actor">, input: DeadLetterAction): Promise<ActionResult> {
  if (input.intent === "dismiss") {
    await dismissDeadLetter(deps.db, { shop: context.shop, id: input.id, actor: context.actor });
    return { ok: true, message: "Dismissed." };
  }
  const result = await replayDeadLetter({ db: deps.db, enqueue: (task, payload, options) => jobQueue().enqueue(task, payload, options) }, { shop: context.shop, id: input.id, actor: context.actor });
  return { ok: result.outcome !== "unrecoverable", message: result.message };
}
