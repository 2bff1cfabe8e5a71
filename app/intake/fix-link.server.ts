import { verifyFixToken, type AddressFix } from "../domain/intake";
import { fixLinkOf, markFixLinkOpened, markFixLinkSubmitted } from "../models/fix-links.server";
import { recordEvents } from "../models/order-events.server";
import { findingsOf } from "../models/order-intake.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { fetchOrder, type ShopifyOrder } from "../shopify/orders.server";
import { correctContact } from "./actions.server";
import type { IntakeDeps } from "./evaluate.server";

// The customer's side of the fix link, served on the storefront through the App Proxy.

export type FixLinkPage =
  | { kind: "form"; orderName: string; values: AddressFix; problems: string[]; errors: Record<string, string> }
  | { kind: "done"; orderName: string }
  | { kind: "nothing-to-fix"; orderName: string }
  | { kind: "invalid" }
  | { kind: "expired" }
  | { kind: "unavailable" };

export interface FixLinkDeps {
  db: IntakeDeps["db"];
  /** The shop's Admin API, from the proxy request's offline session; null when the app is not installed. */
  graphql: AdminGraphql | null;
  secret: string;
  now?: () => Date;
}

// The customer's form edits where the parcel goes and how the carrier reaches them.
const CUSTOMER_FIELDS = /^(shippingAddress(\.|$)|phone$)/;

type Opened = { ok: true; linkId: string; order: ShopifyOrder; graphql: AdminGraphql } | { ok: false; page: FixLinkPage };

async function openLink(deps: FixLinkDeps, shop: string, token: string): Promise<Opened> {
  const check = verifyFixToken(token, deps.secret, deps.now?.() ?? new Date());
  if (!check.ok) return { ok: false, page: { kind: check.reason === "expired" ? "expired" : "invalid" } };
  if (check.claims.shop !== shop) return { ok: false, page: { kind: "invalid" } };
  const link = await fixLinkOf(deps.db, check.claims.linkId);
  if (!link || link.shop !== shop) return { ok: false, page: { kind: "invalid" } };
  if (!deps.graphql) return { ok: false, page: { kind: "unavailable" } };
  const order = await fetchOrder(deps.graphql, link.orderId);
  if (!order || order.legacyId !== check.claims.orderId || order.cancelledAt) return { ok: false, page: { kind: "unavailable" } };
  return { ok: true, linkId: link.id, order, graphql: deps.graphql };
}

function formValues(order: ShopifyOrder): AddressFix {
  const address = order.shippingAddress;
  const [firstName = "", ...rest] = (address?.name ?? "").split(" ");
  return {
    firstName,
    lastName: rest.join(" "),
    company: address?.company ?? "",
    address1: address?.address1 ?? "",
    address2: address?.address2 ?? "",
    city: address?.city ?? "",
    provinceCode: address?.provinceCode ?? "",
    zip: address?.zip ?? "",
    countryCode: address?.countryCode ?? "",
    phone: address?.phone ?? order.phone ?? "",
  };
}

async function customerProblems(deps: FixLinkDeps, orderId: string): Promise<string[]> {
  const findings = await findingsOf(deps.db, orderId);
  return findings.filter((row) => row.status === "open" && row.severity !== "info" && CUSTOMER_FIELDS.test(row.field)).map((row) => row.message);
}

export async function openFixLink(deps: FixLinkDeps, input: { shop: string; token: string }): Promise<FixLinkPage> {
  const opened = await openLink(deps, input.shop, input.token);
  if (!opened.ok) return opened.page;
  const { order, linkId } = opened;
  if (await markFixLinkOpened(deps.db, linkId, deps.now?.() ?? new Date())) {
    await recordEvents(deps.db, input.shop, order.id, [{ kind: "fix_link_opened", actor: { type: "customer" }, summary: "The customer opened the fix link." }]);
  }
  const problems = await customerProblems(deps, order.id);
  if (problems.length === 0) return { kind: "nothing-to-fix", orderName: order.name };
  return { kind: "form", orderName: order.name, values: formValues(order), problems, errors: {} };
}

/** The customer's correction: checked by the same rules, written to Shopify, and the order re-evaluated (its hold released when nothing blocks it). */
export async function submitFixLink(deps: FixLinkDeps, input: { shop: string; token: string; values: AddressFix }): Promise<FixLinkPage> {
  const opened = await openLink(deps, input.shop, input.token);
  if (!opened.ok) return opened.page;
  const { order, linkId, graphql } = opened;
  const result = await correctContact(
    { db: deps.db, graphql, now: deps.now },
    { shop: input.shop, orderId: order.id, fix: { shippingAddress: input.values, phone: input.values.phone }, scope: "customer", actor: { type: "customer" } },
  );
  if (!result.ok) {
    return { kind: "form", orderName: order.name, values: input.values, problems: await customerProblems(deps, order.id), errors: result.errors };
  }
  await markFixLinkSubmitted(deps.db, linkId, deps.now?.() ?? new Date());
  await recordEvents(deps.db, input.shop, order.id, [{ kind: "fix_submitted", actor: { type: "customer" }, summary: "The customer submitted a corrected address and phone number." }]);
  return { kind: "done", orderName: order.name };
}
