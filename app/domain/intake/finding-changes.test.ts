import { describe, expect, it } from "vitest";
import { createFinding } from "./findings";
import { diffFindings, type StoredFinding } from "./finding-changes";

const zip = createFinding("ADDRESS_MISSING_POSTAL_CODE", { field: "shippingAddress.zip", message: "No postcode.", suggestion: "Ask." });
const phone = createFinding("PHONE_INVALID", { field: "shippingAddress.phone", message: "Bad phone.", suggestion: "Ask." });
const row = (id: string, code: string, field: string, status: StoredFinding["status"]): StoredFinding => ({ id, code, field, status });

describe("diffFindings", () => {
  it("GIVEN nothing stored WHEN two problems are found THEN both are created", () => {
    expect(diffFindings([], [zip, phone])).toEqual({ create: [zip, phone], refresh: [], reopen: [], resolve: [] });
  });

  it("GIVEN an open and an overridden finding WHEN both are found again THEN both are refreshed and keep their status", () => {
    const open = row("1", zip.code, zip.field, "open");
    const accepted = row("2", phone.code, phone.field, "overridden");
    const changes = diffFindings([open, accepted], [zip, phone]);
    expect(changes.refresh).toEqual([
      { stored: open, finding: zip },
      { stored: accepted, finding: phone },
    ]);
    expect(changes.create).toEqual([]);
    expect(changes.resolve).toEqual([]);
  });

  it("GIVEN an open and an overridden finding WHEN neither is found any more THEN both are resolved", () => {
    const open = row("1", zip.code, zip.field, "open");
    const accepted = row("2", phone.code, phone.field, "overridden");
    expect(diffFindings([open, accepted], []).resolve).toEqual([open, accepted]);
  });

  it("GIVEN a resolved finding WHEN the same problem comes back THEN it is reopened, not duplicated", () => {
    const resolved = row("1", zip.code, zip.field, "resolved");
    expect(diffFindings([resolved], [zip])).toEqual({ create: [], refresh: [], reopen: [{ stored: resolved, finding: zip }], resolve: [] });
  });

  it("GIVEN the same code on another field THEN it is another finding", () => {
    const orderPhone = { ...phone, field: "phone" };
    const stored = row("1", phone.code, phone.field, "open");
    const changes = diffFindings([stored], [phone, orderPhone]);
    expect(changes.create).toEqual([orderPhone]);
    expect(changes.refresh).toHaveLength(1);
  });

  it("GIVEN the rules report one problem twice THEN it is kept once", () => {
    expect(diffFindings([], [zip, { ...zip }]).create).toEqual([zip]);
  });
});
