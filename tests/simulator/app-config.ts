import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";

export const defaultAppTomlPath = path.resolve(import.meta.dirname, "../../shopify.app.toml");

const appTomlSchema = z.object({
  client_id: z.string().optional(),
  handle: z.string().optional(),
  access_scopes: z.object({ scopes: z.string().default("") }).default({}),
  auth: z.object({ redirect_urls: z.array(z.string()).default([]) }).default({}),
  app_proxy: z.object({ url: z.string().url(), subpath: z.string().min(1), prefix: z.enum(["apps", "a", "community", "tools"]) }).optional(),
  webhooks: z.object({
    api_version: z.string(),
    subscriptions: z
      .array(
        z.object({
          topics: z.array(z.string()).optional(),
          compliance_topics: z.array(z.string()).optional(),
          uri: z.string(),
        }),
      )
      .default([]),
  }),
});

export interface WebhookSubscription {
  topic: string;
  uri: string;
  compliance: boolean;
}

/** Where the storefront path /<prefix>/<subpath>/… is proxied to (the app's [app_proxy]). */
export interface AppProxyConfig {
  url: string;
  subpath: string;
  prefix: string;
}

/** The parts of shopify.app.toml that Shopify itself acts on. */
export interface AppConfig {
  handle: string | undefined;
  appProxy: AppProxyConfig | undefined;
  scopes: string;
  redirectUrls: string[];
  webhookApiVersion: string;
  subscriptions: WebhookSubscription[];
}

export function readAppConfig(file: string = defaultAppTomlPath): AppConfig {
  const parsed = appTomlSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(`${file} is not a valid app configuration: ${parsed.error.message}`);
  }
  const toml = parsed.data;
  return {
    handle: toml.handle,
    appProxy: toml.app_proxy,
    scopes: toml.access_scopes.scopes,
    redirectUrls: toml.auth.redirect_urls,
    webhookApiVersion: toml.webhooks.api_version,
    subscriptions: toml.webhooks.subscriptions.flatMap((subscription) => [
      ...(subscription.topics ?? []).map((topic) => ({ topic, uri: subscription.uri, compliance: false })),
      ...(subscription.compliance_topics ?? []).map((topic) => ({ topic, uri: subscription.uri, compliance: true })),
    ]),
  };
}
