import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { API_VERSION } from "./api-version";
import { db } from "./db.server";
import { env } from "./env.server";
import { pointShopifyHostsAt } from "./shopify-hosts.server";
import { recordInstall } from "./models/shops.server";

const config = env();
if (config.SHOPIFY_SIMULATOR_URL) pointShopifyHostsAt(config.SHOPIFY_SIMULATOR_URL);

const apiVersion = Object.values(ApiVersion).find((v) => v === API_VERSION);
if (!apiVersion) throw new Error(`@shopify/shopify-app-remix does not know API version ${API_VERSION}`);

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: config.SCOPES?.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db()),
  distribution: AppDistribution.AppStore,
  future: {
    // Shopify-managed install + token exchange: the embedded flow Shopify recommends.
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(db(), session.shop);
      // Loaded here, not at the top: the job runtime's tasks import this module.
      const [{ jobQueue }, { ensureReconcileScheduled }, { reconcileIntervalMs }, { requestFirstSync, scheduleFullSync }] = await Promise.all([
        import("./jobs/runtime.server"),
        import("./intake/reconcile.server"),
        import("./intake/jobs.server"),
        import("./jobs/inventory-tasks.server"),
      ]);
      const enqueue: Parameters<typeof requestFirstSync>[1] = (task, payload, options) => jobQueue().enqueue(task, payload, options);
      await ensureReconcileScheduled({ db: db(), enqueue, intervalMs: reconcileIntervalMs() }, session.shop);
      await requestFirstSync(db(), enqueue, session.shop);
      await scheduleFullSync(enqueue, session.shop);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export { API_VERSION };
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
