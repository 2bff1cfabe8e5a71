// One Admin GraphQL request, as Shopify answers it: parse, validate against the real schema,
// cost, leaky bucket, execute against the shop's state, and `extensions.cost` on the way out.
import {
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
  execute,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { RequestLogEntry, ShopState, SimStore } from "../store";
import { checkBulkQuery, toJsonl } from "./bulk";
import { UNBOUNDED } from "./connection";
import type { BulkQueryResult, SimContext, View } from "./context";
import { actualQueryCost, isConnection, MAX_SINGLE_QUERY_COST, requestedQueryCost, stripTypenames, withTypenames } from "./cost";
import { formatError, type ShopifyError, validateLikeShopify } from "./errors";
import { rootResolvers } from "./resolvers";

const RATE_LIMITS_DOCS = "https://shopify.dev/api/usage/rate-limits";

export interface GraphqlHttpResult {
  status: number;
  body: unknown;
}

interface GraphqlBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

function maxCostMessage(cost: number): string {
  return (
    `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\n` +
    "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
    "cost of a query is calculated.\n\n" +
    "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
    "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n"
  );
}

/** Deprecated fields, arguments and enum values the document uses (Shopify allows them). */
function deprecatedUsage(schema: GraphQLSchema, document: DocumentNode): string[] {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (field?.deprecationReason && parent) found.add(`${parent.name}.${field.name}`);
      },
      Argument() {
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        if (argument?.deprecationReason && field) found.add(`${field.name}(${argument.name})`);
      },
      EnumValue() {
        const value = typeInfo.getEnumValue();
        const type = typeInfo.getInputType();
        if (value?.deprecationReason) found.add(`${String(type)}.${value.name}`);
      },
    }),
  );
  return [...found];
}

/** For the request log: each error's code, or its message when it has none. */
function errorCodes(errors: readonly ShopifyError[]): string[] {
  return errors.map((error) => String(error.extensions?.code ?? error.message));
}

type CheckedDocument =
  | { document: DocumentNode; executable: DocumentNode; deprecatedFields: string[] }
  | { errors: ShopifyError[] };

const CHECKED_DOCUMENTS_KEPT = 200;

export class AdminGraphqlEndpoint {
  /** An app sends the same few documents over and over: parse and validate each once. */
  private readonly checked = new Map<string, CheckedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly store: SimStore,
  ) {}

  private check(query: string): CheckedDocument {
    const known = this.checked.get(query);
    if (known) return known;
    let result: CheckedDocument;
    try {
      const document = parse(query);
      const errors = validateLikeShopify(this.schema, document);
      result =
        errors.length > 0
          ? { errors }
          : { document, executable: withTypenames(document), deprecatedFields: deprecatedUsage(this.schema, document) };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      result = { errors: [formatError(error, "parseError")] };
    }
    if (this.checked.size >= CHECKED_DOCUMENTS_KEPT) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(query, result);
    return result;
  }

  async handle(shop: ShopState, body: GraphqlBody): Promise<GraphqlHttpResult> {
    if (typeof body.query !== "string" || body.query.trim() === "") {
      return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
    }
    let variables: Record<string, unknown> = {};
    if (typeof body.variables === "string" && body.variables.trim() !== "") {
      try {
        variables = JSON.parse(body.variables) as Record<string, unknown>;
      } catch {
        return { status: 400, body: { errors: { variables: "Invalid JSON" } } };
      }
    } else if (body.variables && typeof body.variables === "object") {
      variables = body.variables as Record<string, unknown>;
    }
    const operationName = typeof body.operationName === "string" && body.operationName ? body.operationName : undefined;

    const log = (entry: Omit<RequestLogEntry, "at">) => shop.requestLog.push({ ...entry, at: this.store.now() });
    const cost = (requested: number, actual: number | null) => ({
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: shop.bucket.status(),
    });
    const rejected = (errors: ShopifyError[], operation: OperationDefinitionNode | null): GraphqlHttpResult => {
      log({
        operationName: operation?.name?.value ?? operationName ?? null,
        operationType: operation?.operation ?? null,
        requestedQueryCost: 0,
        actualQueryCost: 0,
        throttled: false,
        errorCodes: errorCodes(errors),
        deprecatedFields: [],
      });
      return { status: 200, body: { errors, extensions: { cost: cost(0, 0) } } };
    };

    const checked = this.check(body.query);
    if ("errors" in checked) return rejected(checked.errors, null);
    const { document, executable, deprecatedFields } = checked;

    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message = operationName ? `No operation named "${operationName}"` : "An operation name is required";
      return rejected([{ message, extensions: { code: "operationNotFound" } }], null);
    }
    if (!this.schema.getRootType(operation.operation)) {
      return rejected([{ message: `Schema is not configured for ${operation.operation}s` }], operation);
    }
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return rejected(coerced.errors.map((error) => formatError(error, "INVALID_VARIABLE")), operation);

    const requested = requestedQueryCost(this.schema, document, operation, coerced.coerced);
    const logEntry = {
      operationName: operation.name?.value ?? null,
      operationType: operation.operation,
      requestedQueryCost: requested,
      deprecatedFields,
    };

    if (requested > MAX_SINGLE_QUERY_COST) {
      log({ ...logEntry, actualQueryCost: null, throttled: false, errorCodes: ["MAX_COST_EXCEEDED"] });
      return {
        status: 200,
        body: {
          errors: [
            {
              message: maxCostMessage(requested),
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST, documentation: RATE_LIMITS_DOCS },
            },
          ],
        },
      };
    }
    if (!shop.bucket.tryTake(requested)) {
      log({ ...logEntry, actualQueryCost: null, throttled: true, errorCodes: ["THROTTLED"] });
      return {
        status: 200,
        body: {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOCS } }],
          extensions: { cost: cost(requested, null) },
        },
      };
    }

    const context = this.contextFor(shop);
    const result = await execute({
      schema: this.schema,
      document: executable,
      rootValue: rootResolvers,
      contextValue: context,
      variableValues: variables,
      operationName,
      fieldResolver: this.fieldResolver(variables),
      typeResolver: (value) => (value as View).__typename,
    });
    const actual = actualQueryCost(this.schema, document, operation, coerced.coerced, result.data);
    shop.bucket.refund(requested - actual);
    const errors = (result.errors ?? []).map((error) => formatError(error));
    log({ ...logEntry, actualQueryCost: actual, throttled: false, errorCodes: errorCodes(errors) });
    return {
      status: 200,
      body: {
        ...(errors.length ? { errors } : {}),
        data: stripTypenames(result.data ?? null),
        extensions: { cost: cost(requested, actual) },
      },
    };
  }

  private contextFor(shop: ShopState): SimContext {
    return { store: this.store, shop, runBulkQuery: (query) => this.runBulkQuery(shop, query) };
  }

  /** A bulk query over the shop's state as it is now (no bucket, no page sizes: every object). */
  async runBulkQuery(shop: ShopState, query: string): Promise<BulkQueryResult> {
    const checked = checkBulkQuery(this.schema, query);
    if ("userErrors" in checked) return checked;
    const result = await execute({
      schema: this.schema,
      document: withTypenames(checked.document),
      rootValue: rootResolvers,
      contextValue: this.contextFor(shop),
      fieldResolver: this.fieldResolver({}, true),
      typeResolver: (value) => (value as View).__typename,
    });
    if (result.errors?.length) {
      return { userErrors: result.errors.map((error) => ({ field: ["query"], message: error.message, code: "INVALID" as const })) };
    }
    try {
      return toJsonl(this.schema, (result.data ?? {}) as Record<string, unknown>);
    } catch (error) {
      return { userErrors: [{ field: ["query"], message: (error as Error).message, code: "INVALID" }] };
    }
  }

  /**
   * Root fields come from the resolver modules, every other field from the object a resolver
   * returned: a property is the answer (a function is called with args and context); a missing
   * property means the simulator does not implement that field, which must fail, never guess.
   */
  private fieldResolver(requestVariables: Record<string, unknown>, bulk = false): GraphQLFieldResolver<unknown, SimContext> {
    const queryType = this.schema.getQueryType();
    const mutationType = this.schema.getMutationType();
    const idempotent = this.schema.getDirective("idempotent");
    return (source, args, context, info) => {
      const isMutation = info.parentType === mutationType;
      const holder = isMutation ? rootResolvers.mutation : info.parentType === queryType ? rootResolvers.query : source;
      const implemented = typeof holder === "object" && holder !== null && Object.hasOwn(holder, info.fieldName);
      if (isMutation) {
        const key = idempotent ? getDirectiveValues(idempotent, info.fieldNodes[0], info.variableValues)?.key : undefined;
        context.shop.mutationLog.push({
          name: info.fieldName,
          arguments: args,
          variables: requestVariables,
          idempotencyKey: typeof key === "string" ? key : null,
          implemented,
          at: this.store.now(),
        });
      }
      if (!implemented) throw new GraphQLError(`Simulator: ${info.parentType.name}.${info.fieldName} is not implemented`);
      const value = (holder as Record<string, unknown>)[info.fieldName];
      if (typeof value !== "function") return value;
      const returned = getNamedType(info.returnType);
      const everything = bulk && isObjectType(returned) && isConnection(returned) && args.first == null && args.last == null;
      return (value as (...a: unknown[]) => unknown)(everything ? { ...args, [UNBOUNDED]: true } : args, context, info);
    };
  }
}
