import emailMisspelled, { all } from "email-misspelled";
import { z } from "zod";
import type { IntakeConfig } from "../config";
import { createFinding, type Finding } from "../findings";
import { isBlank } from "../text";
import type { IntakeOrder } from "../types";

const emailSyntax = z.string().email();

/** The address the shop writes to: its syntax, and a domain one slip away from a well-known one. */
export function checkEmail(order: IntakeOrder, config: IntakeConfig): Finding[] {
  const field = isBlank(order.email) && !isBlank(order.customer?.email) ? "customer.email" : "email";
  const email = (field === "email" ? order.email : order.customer?.email)?.trim();
  if (!email) return [];

  if (!emailSyntax.safeParse(email).success) {
    return [
      createFinding("EMAIL_INVALID", {
        field,
        message: `"${email}" is not a valid email address, so the customer gets no order or shipping updates.`,
        suggestion: "Ask the customer for their email address by phone or another channel.",
      }),
    ];
  }

  const at = email.lastIndexOf("@");
  const domain = email.slice(at + 1).toLowerCase();
  const suggestion = likelyDomain(domain, config.email.extraDomains);
  if (!suggestion) return [];
  const corrected = `${email.slice(0, at)}@${suggestion}`;
  return [
    createFinding("EMAIL_DOMAIN_TYPO", {
      field,
      message: `The email address "${email}" looks mistyped: "${domain}" is probably "${suggestion}".`,
      suggestion: `Confirm with the customer and change it to ${corrected}.`,
      suggestedValue: corrected,
    }),
  ];
}

/**
 * The known domain the given one is most likely a slip of. email-misspelled measures plain
 * Levenshtein distance, where swapping two letters ("gmial") costs 2 and so does "acme" → "aim";
 * a distance of 2 therefore counts only when it is a swap of the same letters.
 */
function likelyDomain(domain: string, extraDomains: readonly string[]): string | null {
  const check = emailMisspelled({ domains: [...new Set([...all, ...extraDomains])], maxMisspelled: 2 });
  const match = check(`x@${domain}`).find(
    (candidate) => candidate.misspelledCount === 1 || (candidate.misspelledCount === 2 && sameLetters(candidate.suggest, domain)),
  );
  return match?.suggest ?? null;
}

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join("") === [...b].sort().join("");
}
