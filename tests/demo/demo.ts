// `npm run demo`: the simulator and the app with a seeded store, on this machine, with nothing
// else installed. Prints the URL to open. Options (environment): PORT (app, 3000),
// SIMULATOR_PORT (4100), SHOPIFY_API_SECRET (the simulator and the app share it),
// DEMO_ORDERS (orders placed at start, 28), DEMO_ORDER_EVERY_SECONDS (then one every N s, 20;
// 0 stops the stream), DEMO_EXIT=1 (exit once seeded: a smoke check).
import { createDb } from "../../app/db.server";
import { seedDemoCarriers } from "./carriers";
import { configureDemoIntake } from "./intake";
import { seedDemoReturns } from "./returns";
import { createDemoDrift, DEMO_SHOP, installApp, placeOrder, seedDemoStore } from "./store";
import { LOCAL_API_SECRET, startStack } from "../support/stack";

const appPort = Number(process.env.PORT ?? 3000);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 4100);
const initialOrders = Number(process.env.DEMO_ORDERS ?? 28);
const everySeconds = Number(process.env.DEMO_ORDER_EVERY_SECONDS ?? 20);
const started = Date.now();

const databaseUrl = "file:./prisma/demo.sqlite";
const stack = await startStack({
  appPort,
  simulatorPort,
  databaseUrl,
  freshDatabase: true,
  build: true,
  apiSecret: process.env.SHOPIFY_API_SECRET ?? LOCAL_API_SECRET,
  log: (line) => console.log(line),
});

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

console.log("Seeding the demo store…");
const seeded = await seedDemoStore(stack.simulatorUrl);
await installApp(stack.simulatorUrl);
const carriersDb = createDb(databaseUrl);
const { shipments: history } = await seedDemoCarriers(carriersDb, DEMO_SHOP, seeded.locations);
await carriersDb.$disconnect();
console.log(`Carriers: the demo catalogue (tests/demo/ratecard.csv) and ${history} past parcels' lane history.`);
await configureDemoIntake(databaseUrl);
for (let n = 0; n < initialOrders; n++) await placeOrder(stack.simulatorUrl, n);
await createDemoDrift(stack.simulatorUrl, stack.appUrl);
await seedDemoReturns({ simulatorUrl: stack.simulatorUrl, appUrl: stack.appUrl, databaseUrl, apiSecret: process.env.SHOPIFY_API_SECRET ?? LOCAL_API_SECRET });

const adminUrl = `${stack.simulatorUrl}/admin/store/${DEMO_SHOP.replace(".myshopify.com", "")}/apps/orderflow`;
console.log(`
Orderflow is running against the local store simulator (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).

  Open the app:        ${adminUrl}
  Exceptions inbox:    ${adminUrl}/exceptions
  Inventory:           ${adminUrl}/inventory
  Returns:             ${adminUrl}/returns
  Return portal:       ${stack.simulatorUrl}/_sim/storefront/${DEMO_SHOP}/pages/returns
  Store simulator:     ${stack.simulatorUrl}/_sim/shops
  App (direct):        ${stack.appUrl}

${initialOrders} orders placed${everySeconds > 0 ? `; a new one every ${everySeconds} s` : ""}; the inventory was synced on install,
two counts changed behind the app's back for the drift page, and four delivered orders came back
as returns at different stages. Ctrl-C stops everything.
`);

if (process.env.DEMO_EXIT === "1") {
  await shutdown();
} else if (everySeconds > 0) {
  let n = initialOrders;
  setInterval(() => {
    placeOrder(stack.simulatorUrl, n++).catch((error) => console.error("placing a demo order failed:", error.message));
  }, everySeconds * 1000);
}
