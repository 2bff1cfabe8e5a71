// Collects every Admin GraphQL document in app/ (template literals that start with #graphql)
// and checks it against Shopify's schema. Used by the contract test; kept apart so its own
// failure cases can be tested.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  getNamedType,
  isEnumType,
  isNonNullType,
  isListType,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  visit,
} from "graphql";
import { MAX_SINGLE_QUERY_COST, requestedQueryCost } from "../simulator/graphql/cost";

export { MAX_SINGLE_QUERY_COST };

export interface CollectedDocument {
  file: string;
  name: string;
  source: string;
}

const LITERAL = /(?:const\s+(\w+)\s*=\s*)?`(\s*#graphql[\s\S]*?)`/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Documents in one file's text; `${NAME}` is replaced by the #graphql constant NAME of that file. */
export function documentsInSource(file: string, text: string): CollectedDocument[] {
  const constants = new Map<string, string>();
  const literals: Array<{ name?: string; body: string }> = [];
  for (const match of text.matchAll(LITERAL)) {
    literals.push({ name: match[1], body: match[2] });
    if (match[1]) constants.set(match[1], match[2]);
  }
  const expand = (body: string, depth = 0): string =>
    body.replace(/\$\{(\w+)\}/g, (_, ref: string) => {
      const value = constants.get(ref);
      if (value === undefined || depth > 5) throw new Error(`${file}: \${${ref}} is not a #graphql constant of this file`);
      return expand(value, depth + 1);
    });
  return literals
    .map(({ name, body }) => ({ file, name: name ?? "(inline)", source: expand(body) }))
    .filter((doc) => /^\s*#graphql\s+(query|mutation)\b/.test(doc.source));
}

export function collectDocuments(appDir: string): CollectedDocument[] {
  return sourceFiles(appDir).flatMap((file) => documentsInSource(path.relative(path.dirname(appDir), file), readFileSync(file, "utf8")));
}

// Mutations that move stock or money: each must carry @idempotent(key:) so a retry after a
// timeout cannot apply twice (shopify.dev: "Idempotent requests").
export const MUST_BE_IDEMPOTENT = new Set([
  "inventoryAdjustQuantities",
  "inventorySetQuantities",
  "inventoryMoveQuantities",
  "refundCreate",
  "returnProcess",
  "orderCreateManualPayment",
]);

export interface DocumentProblem {
  file: string;
  operation: string;
  message: string;
}

export function checkDocument(schema: GraphQLSchema, doc: CollectedDocument): DocumentProblem[] {
  let ast: DocumentNode;
  try {
    ast = parse(doc.source);
  } catch (error) {
    return [{ file: doc.file, operation: doc.name, message: (error as Error).message }];
  }
  const first = ast.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = (first?.kind === Kind.OPERATION_DEFINITION && first.name?.value) || doc.name;
  const problems = validate(schema, ast, [...specifiedRules, NoDeprecatedCustomRule]).map((e) => ({
    file: doc.file,
    operation,
    message: e.message,
  }));
  for (const definition of ast.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (!definition.name) problems.push({ file: doc.file, operation, message: "operation has no name" });
    else if (!/^[A-Z][A-Za-z0-9]*$/.test(definition.name.value))
      problems.push({ file: doc.file, operation, message: "operation name is not PascalCase" });
    if (definition.operation !== "mutation") continue;
    visit(definition.selectionSet, {
      Field(field) {
        if (!MUST_BE_IDEMPOTENT.has(field.name.value)) return;
        const idempotent = field.directives?.some((d) => d.name.value === "idempotent");
        if (!idempotent) problems.push({ file: doc.file, operation, message: `${field.name.value} needs @idempotent(key:)` });
      },
    });
  }
  return problems;
}

// Shopify's largest page: a connection asked for `first: $n` costs most at n = 250.
const MAX_PAGE_SIZE = 250;

/** Variables that make a document as dear as it can be: every Int at the largest page size. */
export function worstCaseVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as Parameters<typeof typeFromAST>[1]);
    if (!type) continue;
    const named = getNamedType(type);
    const list = isListType(isNonNullType(type) ? type.ofType : type);
    let value: unknown;
    if (named.name === "Int") value = MAX_PAGE_SIZE;
    else if (named.name === "Boolean") value = false;
    else if (isEnumType(named)) value = named.getValues()[0].name;
    else if (named.name === "String" || named.name === "ID" || named.name === "URL") value = "gid://shopify/Placeholder/1";
    else value = isNonNullType(type) ? {} : null;
    values[definition.variable.name.value] = list && value !== null ? [value] : value;
  }
  return values;
}

/** The document's requested cost with worst-case variables, by the simulator's (Shopify's documented) rules. */
export function worstCaseCost(schema: GraphQLSchema, doc: CollectedDocument): number {
  const ast = parse(doc.source);
  const operation = ast.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return 0;
  return requestedQueryCost(schema, ast, operation, worstCaseVariables(schema, operation));
}
