import { describe, expect, it } from "vitest";
import { fieldId, liquidSafe, renderPortal } from "./views.server";

const form = { base: "/apps/returns", session: "s.t", csrf: "c" };

describe("the portal's Liquid", () => {
  it("GIVEN text a customer typed with Liquid in it WHEN rendered THEN Shopify would show it, not run it", () => {
    const markup = renderPortal({ kind: "lookup", form, heading: "Returns", values: { orderNumber: "{{ shop.metafields | json }}", contact: "{% layout none %}" }, errors: [], customerOrders: null });
    expect(markup).not.toMatch(/\{\{|\{%/);
    expect(markup).toContain("&#123;{ shop.metafields | json }}");
    expect(markup).toContain("&#123;% layout none %}");
  });

  it("GIVEN plain markup THEN liquidSafe leaves it alone", () => {
    expect(liquidSafe("<p>a { b } c</p>")).toBe("<p>a { b } c</p>");
  });

  it("GIVEN errors WHEN rendered THEN a summary links each message to its field, and the field says it is invalid", () => {
    const markup = renderPortal({
      kind: "lookup",
      form,
      heading: "Returns",
      values: { orderNumber: "", contact: "" },
      errors: [{ path: "orderNumber", message: "Enter your order number" }],
      customerOrders: null,
    });
    expect(markup).toContain(`<a href="#${fieldId("orderNumber")}">Enter your order number</a>`);
    expect(markup).toMatch(new RegExp(`id="${fieldId("orderNumber")}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${fieldId("orderNumber")}-error`));
    expect(markup).toContain('role="alert"');
  });

  it("GIVEN an ineligible item WHEN the items step renders THEN it says why and offers no way to pick it", () => {
    const markup = renderPortal({
      kind: "items",
      form,
      orderName: "#1001",
      lines: [{ id: "l1", title: "Final sale scarf", sku: null, quantity: 1, eligible: false, returnableQuantity: 0, returnBy: null, notEligibleBecause: ["This item was sold as final sale, so it cannot be returned."] }],
      reasons: [],
      resolutions: [],
      values: {},
      errors: [],
    });
    expect(markup).toContain("This item was sold as final sale");
    expect(markup).not.toContain('name="lines.0.selected"');
    expect(markup).toContain("Nothing on this order can be returned online");
  });
});
