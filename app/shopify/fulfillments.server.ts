import { adminRequest, assertNoUserErrors, type AdminGraphql, type UserError } from "./admin-client.server";

// Fulfilments on Shopify: create one with its tracking, and find the ones a fulfillment order has.

// fulfillmentCreate takes no idempotency key: callers find an earlier fulfilment by its tracking
// number (fulfilmentsOf) before asking again.
const FULFILLMENT_CREATE = `#graphql
  mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment { id name }
      userErrors { field message }
    }
  }
`;

const FULFILLMENTS_OF = `#graphql
  query FulfillmentsOfFulfillmentOrder($id: ID!) {
    fulfillmentOrder(id: $id) {
      status
      fulfillments(first: 20) { nodes { id name trackingInfo(first: 5) { number } } }
    }
  }
`;

export interface CreateFulfillmentInput {
  fulfillmentOrderId: string;
  lines: { id: string; quantity: number }[];
  tracking: { company: string; number: string; url: string | null };
  notifyCustomer: boolean;
}

export async function createFulfillment(graphql: AdminGraphql, input: CreateFulfillmentInput): Promise<{ id: string; name: string }> {
  const data = await adminRequest<{
    fulfillmentCreate: { fulfillment: { id: string; name: string } | null; userErrors: UserError[] } | null;
  }>(graphql, FULFILLMENT_CREATE, {
    fulfillment: {
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: input.fulfillmentOrderId, fulfillmentOrderLineItems: input.lines }],
      trackingInfo: {
        company: input.tracking.company,
        number: input.tracking.number,
        ...(input.tracking.url ? { url: input.tracking.url } : {}),
      },
      notifyCustomer: input.notifyCustomer,
    },
  });
  assertNoUserErrors("fulfillmentCreate", data.fulfillmentCreate);
  const fulfillment = data.fulfillmentCreate!.fulfillment;
  if (!fulfillment) throw new Error("fulfillmentCreate returned no fulfillment and no errors");
  return fulfillment;
}

/** The fulfilments a fulfillment order already has, with their tracking numbers. */
export async function fulfilmentsOf(
  graphql: AdminGraphql,
  fulfillmentOrderId: string,
): Promise<{ id: string; name: string; trackingNumbers: string[] }[]> {
  const { fulfillmentOrder } = await adminRequest<{
    fulfillmentOrder: {
      status: string;
      fulfillments: { nodes: { id: string; name: string; trackingInfo: { number: string | null }[] }[] };
    } | null;
  }>(graphql, FULFILLMENTS_OF, { id: fulfillmentOrderId });
  return (fulfillmentOrder?.fulfillments.nodes ?? []).map((node) => ({
    id: node.id,
    name: node.name,
    trackingNumbers: node.trackingInfo.flatMap((info) => (info.number ? [info.number] : [])),
  }));
}
