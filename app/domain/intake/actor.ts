// Who did something to an order, for its timeline: Orderflow on its own, the merchant in the
// admin (a staff member, by the session token's user id), the customer through the fix link, or
// Shopify (someone acting in Shopify's own admin, seen through its webhooks).

export type Actor =
  | { type: "automation" }
  | { type: "merchant"; userId: string | null }
  | { type: "customer" }
  | { type: "shopify" };

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
      return "Shopify admin";
  }
}
