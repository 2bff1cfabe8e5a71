// Shopify Admin 2026-10 enum values the returns domain hands to the Shopify layer. Spelled here
// rather than imported from generated types so the domain stays free of the API client;
// shopify-enums.test.ts compares every list with Shopify's own schema.

/** `ReturnReason`: deprecated in favour of ReturnReasonDefinition, still accepted in 2026-10. */
export const SHOPIFY_RETURN_REASONS = [
  "COLOR",
  "DEFECTIVE",
  "NOT_AS_DESCRIBED",
  "OTHER",
  "SIZE_TOO_LARGE",
  "SIZE_TOO_SMALL",
  "STYLE",
  "UNKNOWN",
  "UNWANTED",
  "WRONG_ITEM",
] as const;
export type ShopifyReturnReason = (typeof SHOPIFY_RETURN_REASONS)[number];

/** `ReturnDeclineReason`, for returnDeclineRequest. */
export const SHOPIFY_DECLINE_REASONS = ["FINAL_SALE", "OTHER", "RETURN_PERIOD_ENDED"] as const;
export type ShopifyDeclineReason = (typeof SHOPIFY_DECLINE_REASONS)[number];

/** `ReverseFulfillmentOrderDispositionType`, for the dispositions of returnProcess. */
export const SHOPIFY_DISPOSITION_TYPES = ["MISSING", "NOT_RESTOCKED", "PROCESSING_REQUIRED", "RESTOCKED"] as const;
export type ShopifyDispositionType = (typeof SHOPIFY_DISPOSITION_TYPES)[number];

/** `ReturnStatus`: Shopify's coarser view of a return. */
export const SHOPIFY_RETURN_STATUSES = ["CANCELED", "CLOSED", "DECLINED", "OPEN", "REQUESTED"] as const;
export type ShopifyReturnStatus = (typeof SHOPIFY_RETURN_STATUSES)[number];
