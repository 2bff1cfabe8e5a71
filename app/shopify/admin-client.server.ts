// The one shape every Admin API wrapper takes: the `graphql` function of an admin context
// (authenticate.admin, unauthenticated.admin or a webhook's admin). Wrappers receive it as a
// parameter, so they run the same in routes, jobs and tests.
export type AdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<Response>;

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/** Shopify answered, but refused the mutation's input. Retrying the same input will not help. */
export class UserErrorsError extends AdminApiError {
  constructor(
    readonly operation: string,
    readonly userErrors: UserError[],
  ) {
    super(`${operation}: ${userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ` : "") + e.message).join("; ")}`, userErrors);
    this.name = "UserErrorsError";
  }
}

/** Runs one operation and returns its `data`, throwing on any top-level GraphQL error. */
export async function adminRequest<T>(
  graphql: AdminGraphql,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await graphql(query, variables ? { variables } : undefined);
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) {
    throw new AdminApiError(body.errors.map((e) => e.message).join("; "), body.errors);
  }
  if (!body.data) throw new AdminApiError("Admin API answered without data", body);
  return body.data;
}

export function assertNoUserErrors(operation: string, payload: { userErrors: UserError[] } | null | undefined): void {
  if (!payload) throw new AdminApiError(`${operation} returned no payload`, payload);
  if (payload.userErrors.length) throw new UserErrorsError(operation, payload.userErrors);
}
