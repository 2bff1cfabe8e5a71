import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETURN_POLICY } from "../../app/domain/returns";
import { policyFormValues } from "../../app/domain/returns/policy-form";
import { loadReturnPolicy } from "../../app/services/returns.server";
import { installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";

// The returns pages' loaders and actions, called as the embedded admin calls them: with App
// Bridge's session token.

const SHOP = "returns-routes.myshopify.com";
let h: AppHarness;

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

function unwrap(result: unknown): { status: number; body: any } {
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } };
  return wrapped?.type === "DataWithResponseInit" ? { status: wrapped.init?.status ?? 200, body: wrapped.data } : { status: 200, body: result };
}

async function call(module: RouteModule, path: string, options: { form?: Record<string, string>; params?: Record<string, string> } = {}) {
  const { idToken } = await h.sim.get<{ idToken: string }>(`/_sim/session-token?shop=${SHOP}`);
  const headers = new Headers({ Authorization: `Bearer ${idToken}` });
  const request = new Request(new URL(path, h.appUrl), options.form ? { method: "POST", headers, body: new URLSearchParams(options.form) } : { headers });
  try {
    return unwrap(await (options.form ? module.action! : module.loader!)({ request, params: options.params ?? {}, context: {} }));
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    throw thrown;
  }
}

beforeAll(async () => {
  h = await startAppHarness();
  await h.sim.post("/_sim/shops", { shop: SHOP, name: "Returns Routes" });
  await installApp(h.simulatorUrl, SHOP);
});

afterAll(async () => {
  await h?.settle();
  await h?.close();
});

describe("the return policy page", () => {
  it("GIVEN a shop that never saved a policy WHEN the page loads THEN the form shows the defaults", async () => {
    const page = await import("../../app/routes/app.returns.settings");
    const { status, body } = await call(page, "/app/returns/settings");
    expect(status).toBe(200);
    expect(body.form).toEqual(policyFormValues(DEFAULT_RETURN_POLICY));
  });

  it("GIVEN mistakes the form catches and ones only the policy knows WHEN saved THEN nothing is stored and each field says what to change", async () => {
    const page = await import("../../app/routes/app.returns.settings");
    const form = { ...policyFormValues(DEFAULT_RETURN_POLICY), windowDays: "a month", "restockingFee.flat": "2.505" };
    const first = await call(page, "/app/returns/settings", { form });
    expect(first.status).toBe(422);
    expect(first.body.errors).toMatchObject({ windowDays: expect.stringMatching(/whole number/), "restockingFee.flat": expect.stringMatching(/amount in USD/) });

    const second = await call(page, "/app/returns/settings", { form: { ...policyFormValues(DEFAULT_RETURN_POLICY), "autoApprove.reasons": "UNWANTED, LOST_IN_POST" } });
    expect(second.status).toBe(422);
    expect(second.body.errors).toEqual({ "autoApprove.reasons": "Entry 2: LOST_IN_POST is not one of the policy's reasons" });
    expect(await loadReturnPolicy(SHOP)).toEqual(DEFAULT_RETURN_POLICY);
  });

  it("GIVEN a changed window, fee and new reason WHEN saved THEN the policy holds them and the form comes back with them", async () => {
    const page = await import("../../app/routes/app.returns.settings");
    const rows = DEFAULT_RETURN_POLICY.reasons.length;
    const { status, body } = await call(page, "/app/returns/settings", {
      form: {
        ...policyFormValues(DEFAULT_RETURN_POLICY),
        windowDays: "45",
        "returnShippingFee.amount": "7.50",
        [`reasons.${rows}.code`]: "ARRIVED_LATE",
        [`reasons.${rows}.label`]: "Arrived too late",
        [`reasons.${rows}.merchantFault`]: "true",
      },
    });
    expect(status).toBe(200);
    const policy = await loadReturnPolicy(SHOP);
    expect(policy).toMatchObject({ windowDays: 45, returnShippingFee: { amount: 750 } });
    expect(policy.reasons.at(-1)).toMatchObject({ code: "ARRIVED_LATE", merchantFault: true });
    expect(body.form).toEqual(policyFormValues(policy));
  });
});

describe("the returns queue", () => {
  it("GIVEN a shop with no returns WHEN the queue loads THEN it has no rows, no counts and nothing refunded", async () => {
    const queue = await import("../../app/routes/app.returns._index");
    const { status, body } = await call(queue, "/app/returns?tab=received&age=overdue&value=over-200");
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: [], counts: {}, refunded: { amount: 0, returns: 0 }, query: { tab: "received", age: "overdue", value: "over-200" } });
  });

  it("GIVEN nothing selected WHEN bulk approve is sent THEN it is refused with why", async () => {
    const queue = await import("../../app/routes/app.returns._index");
    const { status, body } = await call(queue, "/app/returns", { form: { message: "" } });
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error: "Select at least one return" });
  });

  it("GIVEN a return id nobody has WHEN its page loads THEN it is a 404", async () => {
    const page = await import("../../app/routes/app.returns.$id");
    const { status } = await call(page, "/app/returns/ret_missing", { params: { id: "ret_missing" } });
    expect(status).toBe(404);
  });
});
