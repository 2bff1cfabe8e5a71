import { GraphQLError } from "graphql";
import { gid, type ParsedGid, parseGid } from "../../ids";
import { type AddressRecord, type Cents, formatCents } from "../../store";
import type { View } from "../context";

export function moneyV2(cents: Cents, currencyCode: string) {
  return { amount: formatCents(cents), currencyCode };
}

export function moneyBag(cents: Cents, currencyCode: string) {
  const money = moneyV2(cents, currencyCode);
  return { shopMoney: money, presentmentMoney: money };
}

export function mailingAddressView(address: AddressRecord | null): View | null {
  if (!address) return null;
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  return {
    __typename: "MailingAddress",
    id: gid("MailingAddress", address.id, { model_name: "Address" }),
    firstName: address.firstName,
    lastName: address.lastName,
    name: name || null,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    country: address.country,
    countryCode: address.countryCode,
    countryCodeV2: address.countryCode,
    zip: address.zip,
    phone: address.phone,
  };
}

export function requireGid(value: string): ParsedGid {
  const parsed = parseGid(value);
  if (!parsed) throw new GraphQLError(`Invalid global id '${value}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
  return parsed;
}

/** The numeric id of a gid of `type`; null for a well-formed gid of another type. */
export function idOf(value: string, type: string): number | null {
  const parsed = requireGid(value);
  return parsed.type === type ? parsed.id : null;
}

/** Arguments the simulator does not model must not be used silently. */
export function rejectUnsupportedArgs(field: string, args: object, names: readonly string[]): void {
  for (const name of names) {
    const value = (args as Record<string, unknown>)[name];
    if (value !== undefined && value !== null && value !== false) {
      throw new GraphQLError(`Simulator: argument '${name}' of ${field} is not implemented`);
    }
  }
}
