import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLASS_TAGS, HOLD_HANDLE, HOLD_TAG } from "../../app/domain/intake";
import { saveIntakeSettings } from "../../app/models/intake-settings.server";
import { demoIntakeSettings } from "../demo/intake";
import { demoCatalogue, demoOrder, installApp, PLUS_BUCKET } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { simControl } from "../support/sim-control";

// Intake end to end: demo orders arrive as webhooks, the rules run in the order sync, findings are
// stored, and Shopify's fulfillment orders are held (read back through the simulator's control API).

const SHOP = "intake-flow.myshopify.com";
let h: AppHarness;
let sim: ReturnType<typeof simControl>;

const settle = () => h.settle();

const onShopify = (id: string) => sim.get(`/_sim/shops/${SHOP}/orders/${encodeURIComponent(id)}`);

beforeAll(async () => {
  h = await startAppHarness();
  sim = simControl(h.simulatorUrl);
  await sim.post("/_sim/shops", { shop: SHOP, name: "Intake Flow", bucket: PLUS_BUCKET });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  await saveIntakeSettings(h.testDb.db, SHOP, demoIntakeSettings(), "test");
});

afterAll(async () => {
  await h?.close();
});

describe("intake on the demo's orders", () => {
  const placed: Array<{ id: string; name: string }> = [];
  beforeAll(async () => {
    for (let n = 0; n < 14; n++) placed.push(await sim.post(`/_sim/shops/${SHOP}/orders`, demoOrder(n)));
    await settle();
  });

  it("finds each planted problem and nothing on the clean orders", async () => {
    const findings = await h.testDb.db.finding.findMany({ where: { shop: SHOP, status: "open" } });
    const codes = (n: number) => findings.filter((f) => f.orderId === placed[n].id).map((f) => f.code).sort();
    expect(Object.fromEntries(placed.map((_, n) => [n, codes(n)]))).toEqual({
      0: [], 1: [], 2: [], 4: [], 6: [], 8: [], 10: [],
      3: ["ADDRESS_MISSING_POSTAL_CODE"],
      5: ["PHONE_INVALID"],
      7: ["EMAIL_DOMAIN_TYPO"],
      9: ["INVENTORY_LINE_OUT_OF_STOCK", "QUANTITY_ABOVE_MAX"],
      11: ["ADDRESS_PO_BOX_UNDELIVERABLE"],
      12: ["INVENTORY_LINE_OUT_OF_STOCK"],
      13: ["DUPLICATE_ORDER", "INVENTORY_LINE_OUT_OF_STOCK"],
    });
  });

  it("holds the blocked orders on Shopify with the plan's reason and Orderflow's handle, and tags them", async () => {
    const expectedReason: Record<number, string> = { 3: "INCORRECT_ADDRESS", 5: "INCORRECT_ADDRESS", 9: "INVENTORY_OUT_OF_STOCK", 11: "INCORRECT_ADDRESS", 12: "INVENTORY_OUT_OF_STOCK", 13: "INVENTORY_OUT_OF_STOCK" };
    for (const [n, order] of placed.entries()) {
      const state = await onShopify(order.id);
      const holds = state.fulfillmentOrders.flatMap((fo: { holds: Array<{ reason: string; handle: string }> }) => fo.holds);
      if (expectedReason[n]) {
        expect(state.fulfillmentOrders.map((fo: { status: string }) => fo.status)).toEqual(["ON_HOLD"]);
        expect(holds).toEqual([expect.objectContaining({ reason: expectedReason[n], handle: HOLD_HANDLE, heldByApp: true })]);
        expect(state.tags).toContain(HOLD_TAG);
      } else {
        expect(holds).toEqual([]);
        expect(state.tags).not.toContain(HOLD_TAG);
      }
    }
    expect((await onShopify(placed[7].id)).tags).toEqual(expect.arrayContaining(["orderflow:received", CLASS_TAGS.customer]));
    expect((await onShopify(placed[11].id)).tags).toEqual(expect.arrayContaining([HOLD_TAG, CLASS_TAGS.shipping]));
  });

  it("says where each order stands", async () => {
    const intakes = await h.testDb.db.orderIntake.findMany({ where: { shop: SHOP } });
    const status = (n: number) => intakes.find((row) => row.orderId === placed[n].id)?.status;
    expect(placed.map((_, n) => status(n))).toEqual(["clear", "clear", "clear", "held", "clear", "held", "clear", "review", "clear", "held", "clear", "held", "held", "held"]);
  });

  it("keeps a timeline: the webhooks, the findings, the hold and the tags, and who did each", async () => {
    const events = await h.testDb.db.orderEvent.findMany({ where: { orderId: placed[3].id }, orderBy: { at: "asc" } });
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(["webhook", "finding_opened", "hold_placed", "tags_changed"]));
    expect(events.find((e) => e.kind === "hold_placed")).toMatchObject({ actor: "automation", actorName: "Orderflow" });
    expect(events.find((e) => e.kind === "webhook")).toMatchObject({ actor: "shopify", summary: "Shopify sent orders/create." });
    expect(events.filter((e) => e.kind === "hold_placed")).toHaveLength(1);
  });
});
