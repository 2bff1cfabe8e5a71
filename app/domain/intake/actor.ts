// Who did something to an order, for its timeline: Orderflow on its own, the merchant in
// Orderflow's pages (a staff member, by the session token's user id), the customer through the
// fix link, Shopify (its webhooks), or someone in Shopify's own admin (seen only through what
// Shopify reports afterwards, so not by name).

export type Actor =
  | { type: "automation" }
  | { type: "merchant"; userId: string | null }
  | { type: "customer" }
  | { type: "shopify" }
  | { type: "shopify-admin" };

export const AUTOMATION: Actor = { type: "automation" };

export function describeActor(actor: Actor): string {
  switch (actor.type) {
    case "automation":
      return "Orderflow";
    case "merchant":
      return actor.userId ? `Staff member ${actor.userId}` : "Staff member";
    case "customer":
      return "Customer";
    case "shopify":
      return "Shopify";
    case "shopify-admin":
      return "Shopify admin";
  }
}
