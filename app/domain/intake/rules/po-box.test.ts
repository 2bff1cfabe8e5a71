import { describe, expect, it } from "vitest";
import { aConfig, aContext, aLine, anAddress, anOrder } from "../fixtures";
import type { IntakeContext, IntakeOrder, IntakeShippingLine } from "../types";
import { checkPoBox, isPoBox } from "./po-box";

describe("isPoBox", () => {
  it.each([
    "PO Box 1142",
    "P.O. Box 1142",
    "P.O.Box 1142",
    "P O Box 1142",
    "p.o. box 1142",
    "PO BOX 1142",
    "POBox 1142",
    "POBOX1142",
    "PO Box #1142",
    "POB 1142",
    "P.O.B. 1142",
    "Post Office Box 1142",
    "PO Box",
    "GPO Box 1142",
    "G.P.O. Box 1142",
    "Locked Bag 3",
    "Locked Bag 3000, Parramatta",
    "Private Bag X9",
    "Private Bag 92019",
    "Box 1142",
    "Box 12, Stn Main",
    "Post Box No. 12",
    "Postfach 12 34 56",
    "Postfach",
    "Caixa Postal 1234",
    "Cx. Postal 12",
    "Apartado de Correos 123",
    "Apdo. de Correos 45",
    "Apartado Postal 7",
    "Apartado 123",
    "Casilla de Correo 1234",
    "Casilla 55",
    "Casella Postale 12",
    "Boîte postale 12",
    "BP 123",
    "B.P. 123",
    "Case postale 45",
    "Postbus 123",
    "Postboks 77",
    "Skrytka pocztowa 12",
    "Unit 2, PO Box 77",
  ])("GIVEN %j WHEN read THEN it is a PO box", (line) => {
    expect(isPoBox(line)).toBe(true);
  });

  it.each([
    "Box Hill",
    "12 Box Hill Road",
    "Pobox Street 4",
    "12 Boxwood Lane",
    "Box Elder Ct",
    "Boxhagener Str. 12",
    "The Box Factory, 5 Main St",
    "Sandbox Studios 3",
    "1 Post Office Road",
    "Post Office Square 2",
    "12 Postal Lane",
    "Postfachstraße 5",
    "22 Apollo Way",
    "Hippo Box Lane 4",
    "14 PO Boxer Street",
    "Caixa Econômica Federal, Av. Paulista 1000",
    "BPO Tower 3",
    "BP Station 4",
    "Locked Bag Lane",
    "Apartado Street",
    "410 W 42nd St",
    "Unter den Linden 77",
    "",
    null,
    undefined,
  ])("GIVEN %j WHEN read THEN it is not a PO box", (line) => {
    expect(isPoBox(line)).toBe(false);
  });
});

describe("checkPoBox", () => {
  const boxOrder = (shippingLines?: IntakeShippingLine[], address2: string | null = null): IntakeOrder =>
    anOrder({ shippingAddress: anAddress({ address1: "PO Box 1142", address2 }), shippingLines });
  const check = (order: IntakeOrder, context: Partial<IntakeContext> = {}, config = aConfig()) =>
    checkPoBox(order, aContext(context), config).map((finding) => [finding.code, finding.severity]);

  it.each<[string, string[][], IntakeShippingLine[] | undefined, string[] | undefined]>([
    ["no carrier known anywhere", [["ADDRESS_PO_BOX", "warn"]], undefined, undefined],
    ["a shipping line that names no carrier", [["ADDRESS_PO_BOX", "warn"]], [{ title: "Standard", code: "STANDARD" }], undefined],
    ["a shop that only ships UPS", [["ADDRESS_PO_BOX_UNDELIVERABLE", "block"]], undefined, ["UPS"]],
    ["a shop with UPS and FedEx", [["ADDRESS_PO_BOX_UNDELIVERABLE", "block"]], undefined, ["UPS", "FedEx"]],
    ["a shop with UPS and USPS", [["ADDRESS_PO_BOX", "warn"]], undefined, ["UPS", "USPS"]],
    ["a shop that only ships USPS", [], undefined, ["USPS"]],
    ["the order names UPS in a USPS-and-UPS shop", [["ADDRESS_PO_BOX_UNDELIVERABLE", "block"]], [{ title: "UPS Ground" }], ["UPS", "USPS"]],
    ["the order names USPS in a USPS-and-UPS shop", [], [{ title: "USPS Priority Mail" }], ["UPS", "USPS"]],
    ["the order names FedEx by carrier identifier", [["ADDRESS_PO_BOX_UNDELIVERABLE", "block"]], [{ title: "2Day", carrierIdentifier: "fedex" }], undefined],
    ["the order names DHL Express", [["ADDRESS_PO_BOX_UNDELIVERABLE", "block"]], [{ title: "DHL Express Worldwide" }], undefined],
    ["the order names DHL eCommerce, which is not DHL Express", [], [{ title: "DHL eCommerce Parcel" }], ["DHL eCommerce"]],
    ["a carrier name inside another word", [], [{ title: "Groups shipping" }], ["USPS"]],
    ["carrier names in another case", [["ADDRESS_PO_BOX_UNDELIVERABLE", "block"]], [{ title: "ups ground" }], ["usps", "ups"]],
  ])("GIVEN a PO box and %s WHEN checked THEN it finds %j", (_name, expected, lines, shopCarriers) => {
    expect(check(boxOrder(lines), { shopCarriers })).toEqual(expected);
  });

  it("GIVEN a street address WHEN the shop ships UPS only THEN nothing is reported", () => {
    expect(check(anOrder(), { shopCarriers: ["UPS"] })).toEqual([]);
  });

  it("GIVEN a PO box in the second line WHEN checked THEN that line is the field", () => {
    const order = anOrder({ shippingAddress: anAddress({ address1: "Acme Outdoor Ltd", address2: "P.O. Box 77" }) });
    const [finding] = checkPoBox(order, aContext({ shopCarriers: ["FedEx"] }), aConfig());
    expect(finding).toMatchObject({ code: "ADDRESS_PO_BOX_UNDELIVERABLE", field: "shippingAddress.address2", errorClass: "shipping", holdReason: "INCORRECT_ADDRESS" });
    expect(finding.message).toBe('The order ships to "P.O. Box 77", a PO box, and FedEx does not deliver to PO boxes.');
  });

  it("GIVEN two carriers that cannot deliver WHEN checked THEN the message names both", () => {
    const [finding] = checkPoBox(boxOrder(), aContext({ shopCarriers: ["UPS", "FedEx"] }), aConfig());
    expect(finding.message).toBe('The order ships to "PO Box 1142", a PO box, and UPS and FedEx do not deliver to PO boxes.');
    expect(finding.suggestion).toBe("Ask the customer for a street address.");
  });

  it("GIVEN a shop with a carrier that can deliver WHEN checked THEN the suggestion names it", () => {
    const [finding] = checkPoBox(boxOrder(), aContext({ shopCarriers: ["UPS", "USPS"] }), aConfig());
    expect(finding.suggestion).toBe("Ship it with USPS, or ask the customer for a street address.");
  });

  it("GIVEN no carrier known WHEN checked THEN the message names the carriers that cannot deliver", () => {
    const [finding] = checkPoBox(boxOrder(), aContext(), aConfig());
    expect(finding.message).toBe('The order ships to "PO Box 1142", a PO box, which UPS, FedEx or DHL Express cannot deliver to.');
  });

  it("GIVEN no carrier known and a shop that does not want to hear about it WHEN checked THEN nothing is reported", () => {
    expect(check(boxOrder(), {}, aConfig({ poBox: { flagWhenCarrierUnknown: false } }))).toEqual([]);
  });

  it.each([
    ["its carriers known", ["UPS"]],
    ["no carrier known", undefined],
  ])("GIVEN a shop that lists no carrier as unable to deliver to PO boxes and %s WHEN checked THEN nothing is reported", (_name, shopCarriers) => {
    expect(check(boxOrder(), { shopCarriers }, aConfig({ poBox: { carriersWithoutPoBoxDelivery: [] } }))).toEqual([]);
  });

  it("GIVEN a PO box on a digital-only order WHEN checked THEN nothing ships there", () => {
    const order = anOrder({ shippingAddress: anAddress({ address1: "PO Box 1" }), lineItems: [aLine({ requiresShipping: false })] });
    expect(check(order, { shopCarriers: ["UPS"] })).toEqual([]);
  });
});
