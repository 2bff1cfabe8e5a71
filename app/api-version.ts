// The one Admin API version. shopify.app.toml ([webhooks] api_version), .graphqlrc.ts and the
// store simulator read this; tests/integration/config.test.ts fails when they disagree.
export const API_VERSION = "2026-10";
