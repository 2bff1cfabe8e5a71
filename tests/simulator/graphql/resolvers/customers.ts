import { gid } from "../../ids";
import type { CustomerRecord } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { applySearch, applySort, type SearchFields } from "../search";
import { idOf, mailingAddressView } from "./common";

export function customerDisplayName(customer: CustomerRecord): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return name || customer.email || customer.phone || "";
}

export function customerView(context: SimContext, customer: CustomerRecord): View {
  return {
    __typename: "Customer",
    id: gid("Customer", customer.id),
    legacyResourceId: String(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: customerDisplayName(customer),
    email: customer.email,
    phone: customer.phone,
    defaultEmailAddress: customer.email ? { emailAddress: customer.email } : null,
    defaultPhoneNumber: customer.phone ? { phoneNumber: customer.phone } : null,
    numberOfOrders: String(context.shop.ordersOfCustomer(customer.id).length),
    tags: customer.tags,
    defaultAddress: mailingAddressView(customer.defaultAddress),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

export function findCustomer(context: SimContext, id: number): View | null {
  const customer = context.shop.customers.get(id);
  return customer ? customerView(context, customer) : null;
}

const CUSTOMER_SEARCH: SearchFields<CustomerRecord> = {
  id: { kind: "number", get: (c) => c.id },
  email: { kind: "text", get: (c) => c.email },
  phone: { kind: "text", get: (c) => c.phone },
  first_name: { kind: "text", get: (c) => c.firstName },
  last_name: { kind: "text", get: (c) => c.lastName },
  tag: { kind: "text", get: (c) => c.tags },
  tag_not: { kind: "not-text", get: (c) => c.tags },
  created_at: { kind: "date", get: (c) => c.createdAt },
  updated_at: { kind: "date", get: (c) => c.updatedAt },
};

export const customerResolvers: ResolverModule = {
  query: {
    customers: (args: ConnectionArgs & { query?: string | null; sortKey?: string | null }, context) => {
      const matching = applySearch("customer", [...context.shop.customers.values()], args.query, CUSTOMER_SEARCH);
      const { sorted, sortValue } = applySort("customers", matching, args.sortKey, {
        ID: (c) => c.id,
        NAME: (c) => customerDisplayName(c),
        CREATED_AT: (c) => c.createdAt,
        UPDATED_AT: (c) => c.updatedAt,
      });
      return connection(sorted, args, (customer) => customerView(context, customer), sortValue);
    },
    customer: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "Customer");
      return numeric === null ? null : findCustomer(context, numeric);
    },
  },
  nodes: { Customer: findCustomer },
};
