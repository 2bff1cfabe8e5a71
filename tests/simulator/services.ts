import type { AppConfig } from "./app-config";
import type { ShopifyAuth } from "./auth";
import type { Clock } from "./clock";
import type { AdminGraphqlEndpoint } from "./graphql/handler";
import type { SimStore } from "./store";
import type { WebhookDispatcher, WebhookSwitchesInput } from "./webhooks";

/** Everything one running simulator is made of, shared by its HTTP handlers. */
export interface SimulatorServices {
  store: SimStore;
  auth: ShopifyAuth;
  webhooks: WebhookDispatcher;
  graphql: AdminGraphqlEndpoint;
  clock: Clock;
  appConfig: AppConfig;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  /** The webhook switches the simulator started with (POST /_sim/reset returns to them). */
  initialSwitches: WebhookSwitchesInput;
}
