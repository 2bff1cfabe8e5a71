// The demo store: a small outdoor-clothing shop with three locations, a catalogue with stock,
// customers in several countries, and a stream of orders — most clean, some with the classic
// intake problems (incomplete address, bad phone, mistyped email, absurd quantity, PO box,
// a likely duplicate, an out-of-stock line) that later stages of Orderflow catch.

import { simControl } from "../support/sim-control";
import { mulberry32 } from "../simulator/random";

export const DEMO_SHOP = "orderflow-demo.myshopify.com";

/** Shopify Plus restores 1,000 query points a second (shopify.dev, "Rate limits"). */
export const PLUS_BUCKET = { maximumAvailable: 10_000, restoreRate: 1_000 };

const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Orderflow demo" };

type Address = {
  firstName: string;
  lastName: string;
  address1: string;
  address2?: string;
  city: string;
  province?: string;
  provinceCode?: string;
  country: string;
  countryCode: string;
  zip: string;
  phone?: string;
};

const LOCATIONS = [
  { name: "Newark Warehouse", address: { address1: "200 Doremus Ave", city: "Newark", provinceCode: "NJ", countryCode: "US", zip: "07105" } },
  { name: "Reno Fulfillment Center", address: { address1: "1550 E Greg St", city: "Sparks", provinceCode: "NV", countryCode: "US", zip: "89431" } },
  { name: "Brooklyn Store", address: { address1: "85 N 3rd St", city: "Brooklyn", provinceCode: "NY", countryCode: "US", zip: "11249" } },
];

const CATALOGUE: Array<{ title: string; productType: string; price: string; sizes: string[]; skuStem: string; grams: number; stock: [number, number, number] }> = [
  { title: "Trailhead Rain Jacket", productType: "Jackets", price: "129.00", sizes: ["S", "M", "L", "XL"], skuStem: "TRJ", grams: 620, stock: [18, 10, 4] },
  { title: "Summit Down Vest", productType: "Vests", price: "98.00", sizes: ["S", "M", "L"], skuStem: "SDV", grams: 410, stock: [12, 6, 3] },
  { title: "Ridge Merino Base Layer", productType: "Base layers", price: "74.00", sizes: ["S", "M", "L", "XL"], skuStem: "RMB", grams: 230, stock: [30, 20, 6] },
  { title: "Canyon Hiking Shorts", productType: "Shorts", price: "48.00", sizes: ["30", "32", "34", "36"], skuStem: "CHS", grams: 300, stock: [25, 25, 8] },
  { title: "Alpine Wool Socks (3-pack)", productType: "Socks", price: "24.00", sizes: ["M", "L"], skuStem: "AWS", grams: 180, stock: [80, 60, 20] },
  { title: "Basecamp Fleece Hoodie", productType: "Fleece", price: "89.00", sizes: ["S", "M", "L", "XL"], skuStem: "BFH", grams: 540, stock: [14, 9, 5] },
  { title: "Lakeside Packable Daypack", productType: "Bags", price: "65.00", sizes: ["One size"], skuStem: "LPD", grams: 350, stock: [40, 15, 10] },
  { title: "Granite Trekking Poles", productType: "Gear", price: "110.00", sizes: ["One size"], skuStem: "GTP", grams: 480, stock: [9, 4, 0] },
  { title: "Meadow Sun Hat", productType: "Hats", price: "32.00", sizes: ["S/M", "L/XL"], skuStem: "MSH", grams: 120, stock: [22, 12, 7] },
  { title: "Glacier Insulated Bottle", productType: "Gear", price: "36.00", sizes: ["750 ml", "1 l"], skuStem: "GIB", grams: 390, stock: [50, 30, 15] },
  { title: "Everglade Bug Net Shirt", productType: "Shirts", price: "58.00", sizes: ["M", "L"], skuStem: "EBN", grams: 200, stock: [0, 0, 0] },
  { title: "Pathfinder Headlamp", productType: "Gear", price: "42.00", sizes: ["One size"], skuStem: "PFH", grams: 110, stock: [35, 20, 9] },
];

const CUSTOMERS: Array<{ email: string; phone?: string; address: Address }> = [
  { email: "maya.chen@example.com", phone: "+12125550143", address: { firstName: "Maya", lastName: "Chen", address1: "410 W 42nd St", address2: "Apt 5C", city: "New York", provinceCode: "NY", country: "United States", countryCode: "US", zip: "10036", phone: "+12125550143" } },
  { email: "lucas.martin@example.fr", phone: "+33142685300", address: { firstName: "Lucas", lastName: "Martin", address1: "12 Rue de Rivoli", city: "Paris", country: "France", countryCode: "FR", zip: "75004", phone: "+33142685300" } },
  { email: "priya.nair@example.in", phone: "+919820012345", address: { firstName: "Priya", lastName: "Nair", address1: "14 Marine Drive", city: "Mumbai", provinceCode: "MH", country: "India", countryCode: "IN", zip: "400020", phone: "+919820012345" } },
  { email: "oliver.smith@example.co.uk", phone: "+442079460958", address: { firstName: "Oliver", lastName: "Smith", address1: "221 Baker Street", city: "London", country: "United Kingdom", countryCode: "GB", zip: "NW1 6XE", phone: "+442079460958" } },
  { email: "sophie.tremblay@example.ca", phone: "+15145550199", address: { firstName: "Sophie", lastName: "Tremblay", address1: "1200 Rue Sainte-Catherine O", city: "Montréal", provinceCode: "QC", country: "Canada", countryCode: "CA", zip: "H3B 1K9", phone: "+15145550199" } },
  { email: "jonas.weber@example.de", phone: "+4930901820", address: { firstName: "Jonas", lastName: "Weber", address1: "Unter den Linden 77", city: "Berlin", country: "Germany", countryCode: "DE", zip: "10117", phone: "+4930901820" } },
  { email: "chloe.wilson@example.com.au", phone: "+61292507111", address: { firstName: "Chloe", lastName: "Wilson", address1: "1 Macquarie St", city: "Sydney", provinceCode: "NSW", country: "Australia", countryCode: "AU", zip: "2000", phone: "+61292507111" } },
  { email: "rafael.souza@example.com.br", phone: "+5511987654321", address: { firstName: "Rafael", lastName: "Souza", address1: "Av. Paulista, 1578", city: "São Paulo", provinceCode: "SP", country: "Brazil", countryCode: "BR", zip: "01310-200", phone: "+5511987654321" } },
  { email: "ethan.brooks@example.com", phone: "+14155550123", address: { firstName: "Ethan", lastName: "Brooks", address1: "1 Ferry Building", city: "San Francisco", provinceCode: "CA", country: "United States", countryCode: "US", zip: "94111", phone: "+14155550123" } },
  { email: "grace.kim@example.com", phone: "+13125550187", address: { firstName: "Grace", lastName: "Kim", address1: "233 S Wacker Dr", city: "Chicago", provinceCode: "IL", country: "United States", countryCode: "US", zip: "60606", phone: "+13125550187" } },
];

export function demoCatalogue() {
  return {
    locations: LOCATIONS,
    products: CATALOGUE.map((p) => ({
      title: p.title,
      vendor: "Orderflow Demo Outfitters",
      productType: p.productType,
      tags: [p.productType.toLowerCase()],
      variants: p.sizes.map((size, i) => ({
        title: size,
        sku: `${p.skuStem}-${size.replace(/[^A-Za-z0-9]/g, "").toUpperCase()}`,
        barcode: `0840${String(CATALOGUE.indexOf(p)).padStart(3, "0")}${String(i).padStart(3, "0")}`,
        price: p.price,
        weight: { value: p.grams, unit: "GRAMS" as const },
        inventory: Object.fromEntries(LOCATIONS.map((l, li) => [l.name, p.stock[li]])),
      })),
    })),
    customers: CUSTOMERS.map((c) => ({
      firstName: c.address.firstName,
      lastName: c.address.lastName,
      email: c.email,
      phone: c.phone,
      address: c.address,
    })),
  };
}

const skus = () => demoCatalogue().products.flatMap((p) => p.variants.filter((v) => Object.values(v.inventory).some((q) => q > 0)).map((v) => v.sku));

/** A deterministic stream: order n of the demo. Every seventh order or so carries a problem. */
export function demoOrder(n: number) {
  const random = mulberry32(n + 1);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
  const customer = CUSTOMERS[n % CUSTOMERS.length];
  const available = skus();
  const lineItems = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ sku: pick(available), quantity: 1 + Math.floor(random() * 2) }));
  const base = {
    email: customer.email,
    phone: customer.phone,
    customer: { email: customer.email, firstName: customer.address.firstName, lastName: customer.address.lastName, phone: customer.phone },
    shippingAddress: { ...customer.address },
    lineItems,
    shippingLine: random() < 0.3 ? { title: "Express", code: "EXPRESS", price: "24.00" } : { title: "Standard", code: "STANDARD", price: "8.00" },
  };
  switch (n % 14) {
    case 1: // paid at the door: only carriers that collect cash can take it
      return { ...base, paymentGateway: "Cash on Delivery (COD)", financialStatus: "PENDING" as const };
    case 3: // incomplete address: no postal code
      return { ...base, shippingAddress: { ...base.shippingAddress, zip: "" } };
    case 5: // a phone number that cannot be called
      return { ...base, phone: "555-01", shippingAddress: { ...base.shippingAddress, phone: "555-01" } };
    case 7: // a mistyped email domain
      return { ...base, email: customer.email.replace("example.", "exmaple."), customer: { ...base.customer, email: customer.email.replace("example.", "exmaple.") } };
    case 9: // an absurd quantity
      return { ...base, lineItems: [{ sku: "RMB-M", quantity: 60 }] };
    case 11: // a PO box
      return { ...base, shippingAddress: { ...base.shippingAddress, address1: "PO Box 1142", address2: undefined } };
    case 12: // out of stock everywhere
      return { ...base, lineItems: [{ sku: "EBN-M", quantity: 1 }] };
    case 13: // a likely duplicate of the previous order
      return demoOrder(n - 1);
    default:
      return base;
  }
}

export async function seedDemoStore(simulatorUrl: string, shop = DEMO_SHOP) {
  const sim = simControl(simulatorUrl);
  await sim.post("/_sim/shops", {
    shop,
    name: "Orderflow Demo Outfitters",
    email: "owner@orderflow-demo.example",
    currencyCode: "USD",
    // A Plus shop's API budget: the demo places a burst of orders at start, each read and written
    // several times by intake; on the Standard plan's 100 points a second they would queue for minutes.
    plan: { displayName: "Shopify Plus", shopifyPlus: true, partnerDevelopment: false },
    bucket: PLUS_BUCKET,
  });
  return sim.post<{ locations: Array<{ id: string; name: string }> }>(`/_sim/shops/${shop}/seed`, demoCatalogue());
}

/**
 * Installs the app the way a merchant does: open it from the admin. The simulator's admin
 * redirects to the app with a session token; the app exchanges it for an offline token.
 */
export async function installApp(simulatorUrl: string, shop = DEMO_SHOP) {
  const open = await fetch(new URL(`/_sim/open/${shop}/`, simulatorUrl), { redirect: "manual" });
  const location = open.headers.get("location");
  if (open.status !== 302 || !location) throw new Error(`the simulator's admin did not redirect to the app (${open.status})`);
  const app = await fetch(location, { headers: BROWSER });
  if (!app.ok) throw new Error(`opening the app failed: ${app.status} ${await app.text()}`);
}

/** Asks the app for a full inventory sync the way the inventory page's button does (the app ignores it while one runs). */
export async function requestInventorySync(simulatorUrl: string, appUrl: string, shop = DEMO_SHOP): Promise<void> {
  const { idToken } = (await simControl(simulatorUrl).call("GET", `/_sim/session-token?shop=${shop}`)) as { idToken: string };
  const response = await fetch(new URL("/app/inventory?index", appUrl), {
    method: "POST",
    headers: { ...BROWSER, Authorization: `Bearer ${idToken}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "sync" }),
  });
  if (!response.ok) throw new Error(`requesting a sync failed: ${response.status} ${await response.text()}`);
}

async function bulkReads(simulatorUrl: string, shop: string) {
  return (await simControl(simulatorUrl).call("GET", `/_sim/shops/${shop}/bulk-operations`)) as Array<{ status: string }>;
}

/**
 * Stock that changed behind the app's back, for the drift page: once the first sync's bulk read
 * is done, two counts at the Brooklyn store (which orders, routed to the warehouses first, leave
 * alone) change on Shopify without a webhook, and a second full sync finds them.
 */
export async function createDemoDrift(simulatorUrl: string, appUrl: string, shop = DEMO_SHOP) {
  const deadline = Date.now() + 60_000;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 250));
  while ((await bulkReads(simulatorUrl, shop))[0]?.status !== "COMPLETED") {
    if (Date.now() > deadline) throw new Error("the app's first inventory sync never finished reading");
    await pause();
  }
  await simControl(simulatorUrl).call("POST", `/_sim/shops/${shop}/inventory`, { sku: "TRJ-L", location: "Brooklyn Store", quantities: { available: 1 }, webhook: false });
  await simControl(simulatorUrl).call("POST", `/_sim/shops/${shop}/inventory`, { sku: "BFH-M", location: "Brooklyn Store", quantities: { available: 3, damaged: 2 }, webhook: false });
  // Asked again until the app has finished importing the first sync and starts a second.
  while ((await bulkReads(simulatorUrl, shop)).length < 2) {
    if (Date.now() > deadline) throw new Error("the app never started a second inventory sync");
    await requestInventorySync(simulatorUrl, appUrl, shop);
    for (let i = 0; i < 4 && (await bulkReads(simulatorUrl, shop)).length < 2; i++) await pause();
  }
}

export async function placeOrder(simulatorUrl: string, n: number, shop = DEMO_SHOP) {
  return simControl(simulatorUrl).post(`/_sim/shops/${shop}/orders`, demoOrder(n));
}
