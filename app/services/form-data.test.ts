import { describe, expect, it } from "vitest";
import { fieldErrorsOf, formToObject } from "./form-data";

describe("form fields named by path", () => {
  it("become nested objects and arrays", () => {
    const form = new FormData();
    form.set("intent", "save");
    form.set("weights.cost", "1");
    form.set("weights.onTime", "3");
    form.set("shippingLines.0.contains", "express");
    form.set("shippingLines.0.days", "2");
    form.set("shippingLines.1.contains", "");
    form.set("file", new Blob(["x"]), "f.csv");
    expect(formToObject(form)).toEqual({
      intent: "save",
      weights: { cost: "1", onTime: "3" },
      shippingLines: [{ contains: "express", days: "2" }, { contains: "" }],
    });
  });

  it("and zod's issues come back under those names, the first per field", () => {
    expect(
      fieldErrorsOf([
        { path: ["weights", "cost"], message: "Enter a number" },
        { path: ["weights", "cost"], message: "second" },
        { path: ["shippingLines", 1, "days"], message: "Too many days" },
      ]),
    ).toEqual({ "weights.cost": "Enter a number", "shippingLines.1.days": "Too many days" });
  });
});
