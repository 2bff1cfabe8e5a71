import type * as wrappers from "../shopify/returns.server";

// What the returns services and jobs take from Shopify's Returns API: the wrappers of
// app/shopify/returns.server.ts, passed in so a test can stand in for Shopify where the simulator
// cannot misbehave the way it needs.
export type ReturnsShopify = Pick<
  typeof wrappers,
  | "fetchReturnableOrder"
  | "requestReturn"
  | "createReturn"
  | "approveReturnRequest"
  | "declineReturnRequest"
  | "createReverseDelivery"
  | "processReturn"
  | "closeReturn"
  | "fetchReturn"
>;

export type { ShopifyReturn } from "../shopify/returns.server";
