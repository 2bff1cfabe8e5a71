import { GraphQLEnumType } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../../tests/simulator/schema/admin-schema";
import { DISPOSITION_TARGETS, shopifyReturnStatus, type ReturnStatus } from "./return-model";
import { SHOPIFY_DECLINE_REASONS, SHOPIFY_DISPOSITION_TYPES, SHOPIFY_RETURN_REASONS, SHOPIFY_RETURN_STATUSES } from "./shopify-enums";

function enumValues(name: string): string[] {
  const type = loadAdminSchema().getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum in the Admin schema`);
  return type
    .getValues()
    .map((value) => value.name)
    .sort();
}

describe("the Shopify enum values the returns domain uses", () => {
  it.each([
    ["ReturnReason", SHOPIFY_RETURN_REASONS],
    ["ReturnDeclineReason", SHOPIFY_DECLINE_REASONS],
    ["ReverseFulfillmentOrderDispositionType", SHOPIFY_DISPOSITION_TYPES],
    ["ReturnStatus", SHOPIFY_RETURN_STATUSES],
  ])("GIVEN Shopify's Admin schema WHEN %s is read THEN it has exactly our values", (name, ours) => {
    expect([...ours].sort()).toEqual(enumValues(name));
  });

  it("GIVEN every disposition WHEN mapped THEN each Shopify disposition type is used once", () => {
    expect(Object.values(DISPOSITION_TARGETS).map((target) => target.shopify).sort()).toEqual([...SHOPIFY_DISPOSITION_TYPES].sort());
  });

  it("GIVEN every status WHEN mapped THEN each lands on a Shopify status and every Shopify status is reached", () => {
    const statuses: ReturnStatus[] = [
      "requested",
      "declined",
      "approved",
      "pickup_scheduled",
      "in_transit",
      "partially_received",
      "received",
      "inspected",
      "resolved",
      "closed",
      "cancelled",
    ];
    expect(new Set(statuses.map(shopifyReturnStatus))).toEqual(new Set(SHOPIFY_RETURN_STATUSES));
  });
});
