import { createDb } from "../../app/db.server";
import { seedDemoCarriers } from "../demo/carriers";
import { configureDemoIntake } from "../demo/intake";
import { seedDemoReturns } from "../demo/returns";
import { createDemoDrift, DEMO_SHOP, installApp, placeOrder, seedDemoStore } from "../demo/store";
import { startStack } from "../support/stack";
import { chromiumInstalled, CHROMIUM, E2E_APP_PORT, E2E_SIMULATOR_PORT } from "./chromium";

// Two weeks of the demo's problem cycle: every planted problem, the duplicate included.
export const E2E_ORDERS = 14;

/** The demo stack on its own ports, built fresh, with a seeded store; stopped after the run. */
export default async function globalSetup() {
  if (!chromiumInstalled) {
    if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; .ci/run installs it with apt-get install chromium`);
    console.warn(`\nBrowser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium).\n`);
    return;
  }
  const databaseUrl = "file:./prisma/e2e.sqlite";
  const stack = await startStack({
    appPort: E2E_APP_PORT,
    simulatorPort: E2E_SIMULATOR_PORT,
    databaseUrl,
    freshDatabase: true,
    build: true,
  });
  const seeded = await seedDemoStore(stack.simulatorUrl);
  await installApp(stack.simulatorUrl);
  const db = createDb(databaseUrl);
  await seedDemoCarriers(db, DEMO_SHOP, seeded.locations);
  await db.$disconnect();
  await configureDemoIntake(databaseUrl);
  for (let n = 0; n < E2E_ORDERS; n++) await placeOrder(stack.simulatorUrl, n);
  await createDemoDrift(stack.simulatorUrl, stack.appUrl);
  const returns = await seedDemoReturns({ simulatorUrl: stack.simulatorUrl, appUrl: stack.appUrl, databaseUrl });
  process.env.E2E_DEMO_RETURNS = JSON.stringify(returns);
  process.env.E2E_SIMULATOR_URL = stack.simulatorUrl;
  process.env.E2E_APP_URL = stack.appUrl;
  return () => stack.stop();
}
