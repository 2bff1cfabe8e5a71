// `npm run simulator`: the store simulator on its own, configured from the environment.
import { z } from "zod";
import { DEFAULT_API_KEY, DEFAULT_API_SECRET, startSimulator } from "./server";

const env = z
  .object({
    SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
    SIMULATOR_HOST: z.string().default("127.0.0.1"),
    SHOPIFY_APP_URL: z.string().url().default("http://localhost:3000"),
    SHOPIFY_API_KEY: z.string().min(1).default(DEFAULT_API_KEY),
    SHOPIFY_API_SECRET: z.string().min(1).default(DEFAULT_API_SECRET),
    SIMULATOR_VERBOSE: z.enum(["0", "1"]).default("0"),
  })
  .parse(process.env);

const simulator = await startSimulator({
  port: env.SIMULATOR_PORT,
  host: env.SIMULATOR_HOST,
  appUrl: env.SHOPIFY_APP_URL,
  apiKey: env.SHOPIFY_API_KEY,
  apiSecret: env.SHOPIFY_API_SECRET,
  log: env.SIMULATOR_VERBOSE === "1" ? (line) => console.log(line) : undefined,
});

console.log(`Store simulator listening on ${simulator.url} (app at ${env.SHOPIFY_APP_URL}; control API under ${simulator.url}/_sim/)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
