import { describe, expect, it } from "vitest";
import { aConfig, anOrder } from "../fixtures";
import type { IntakeOrder } from "../types";
import { checkEmail } from "./email";

const check = (order: IntakeOrder, config = aConfig()) => checkEmail(order, config);
const withEmail = (email: string | null) => anOrder({ email, customer: null });

describe("checkEmail", () => {
  it.each<[string, string | null, string[], string | undefined]>([
    ["a well-known provider", "maya@gmail.com", [], undefined],
    ["a company domain", "maya@acme-outdoor.com", [], undefined],
    ["a short company domain near a provider", "maya@acme.com", [], undefined],
    ["another short domain two edits from one", "bob@ibm.com", [], undefined],
    ["a country provider", "maya@uol.com.br", [], undefined],
    ["mail.com, one letter from gmail.com", "maya@mail.com", [], undefined],
    ["no email at all", null, [], undefined],
    ["an empty email", "  ", [], undefined],
    ["swapped letters in gmail", "maya@gmial.com", ["EMAIL_DOMAIN_TYPO"], "maya@gmail.com"],
    ["a dropped letter in gmail", "maya@gmai.com", ["EMAIL_DOMAIN_TYPO"], "maya@gmail.com"],
    ["a wrong top-level domain", "maya@gmail.con", ["EMAIL_DOMAIN_TYPO"], "maya@gmail.com"],
    ["a dropped m", "maya@gmail.co", ["EMAIL_DOMAIN_TYPO"], "maya@gmail.com"],
    ["swapped letters in hotmail", "maya@hotmial.com", ["EMAIL_DOMAIN_TYPO"], "maya@hotmail.com"],
    ["a dropped o in yahoo", "maya@yaho.com", ["EMAIL_DOMAIN_TYPO"], "maya@yahoo.com"],
    ["a typo in capitals", "Maya@GMIAL.com", ["EMAIL_DOMAIN_TYPO"], "Maya@gmail.com"],
    ["no domain", "maya@", ["EMAIL_INVALID"], undefined],
    ["no at sign", "maya.gmail.com", ["EMAIL_INVALID"], undefined],
    ["two at signs", "maya@@gmail.com", ["EMAIL_INVALID"], undefined],
    ["a space inside", "maya chen@gmail.com", ["EMAIL_INVALID"], undefined],
    ["no top-level domain", "maya@gmail", ["EMAIL_INVALID"], undefined],
    ["a double dot", "maya@gmail..com", ["EMAIL_INVALID"], undefined],
  ])("GIVEN %s (%j) WHEN checked THEN it finds %j", (_name, email, expected, corrected) => {
    const findings = check(withEmail(email));
    expect(findings.map((finding) => finding.code)).toEqual(expected);
    expect(findings[0]?.suggestedValue).toBe(corrected);
  });

  it("GIVEN a mistyped domain WHEN checked THEN the message names both domains", () => {
    const [finding] = check(withEmail("maya@gmial.com"));
    expect(finding).toMatchObject({ severity: "warn", errorClass: "customer", holdReason: "OTHER", field: "email" });
    expect(finding.message).toBe('The email address "maya@gmial.com" looks mistyped: "gmial.com" is probably "gmail.com".');
    expect(finding.suggestion).toBe("Confirm with the customer and change it to maya@gmail.com.");
  });

  it("GIVEN no order email WHEN the customer's is mistyped THEN the customer's is reported", () => {
    const order = anOrder({ email: null, customer: { id: "c1", email: "maya@gmial.com", phone: null } });
    expect(check(order)[0]).toMatchObject({ code: "EMAIL_DOMAIN_TYPO", field: "customer.email" });
  });

  it.each([
    ["the shop's own domain, exactly", [], "lucas@example.fr"],
    ["a slip of the shop's own domain", ["EMAIL_DOMAIN_TYPO"], "lucas@exmaple.fr"],
    ["a slip of a longer own domain", ["EMAIL_DOMAIN_TYPO"], "rafael@exmaple.com.br"],
  ])("GIVEN the shop lists its customers' domains WHEN %s comes THEN it finds %j", (_name, expected, email) => {
    const config = aConfig({ email: { extraDomains: ["example.fr", "example.com.br"] } });
    expect(check(withEmail(email), config).map((finding) => finding.code)).toEqual(expected);
  });

  it("GIVEN a domain the shop does not list WHEN it is a slip of an unlisted one THEN nothing can be said", () => {
    expect(check(withEmail("lucas@exmaple.fr"))).toEqual([]);
  });
});
