import * as wrappers from "../shopify/returns.server";
import type { ReturnsShopify } from "./returns-port";

/** The Shopify Returns API wrappers, as the returns services and jobs take them. */
export const shopifyReturns: ReturnsShopify = wrappers;
