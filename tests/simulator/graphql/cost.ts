// Shopify's calculated query cost (shopify.dev, "GraphQL Admin API rate limits"): scalars and
// enums 0, objects 1, interfaces and unions the most expensive possible selection, connections
// 2 + page size × the cost of one node, mutations 10 plus their selection. Lists that are not
// connections count as one object (their size is unknown before execution). The requested cost
// is computed from the document; the actual cost walks the response with the same rules,
// counting the nodes each connection really returned.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  typeFromAST,
  visit,
} from "graphql";

export const MAX_SINGLE_QUERY_COST = 1000;
const MUTATION_COST = 10;

/** Response key added to every selection so the actual cost knows each object's concrete type. */
export const TYPENAME_KEY = "simTypename__";

interface Walker {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  actual: boolean;
}

type Fields = Map<string, FieldNode[]>;

function included(w: Walker, node: FieldNode | { directives?: FieldNode["directives"] }): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, w.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, w.variables);
  return include?.if !== false;
}

function conditionMatches(w: Walker, condition: NamedTypeNode | undefined, type: GraphQLObjectType): boolean {
  if (!condition) return true;
  const conditionType = typeFromAST(w.schema, condition);
  if (!conditionType) return false;
  if (conditionType === type) return true;
  return isAbstractType(conditionType) && w.schema.isSubType(conditionType, type);
}

function collect(w: Walker, selectionSet: SelectionSetNode, type: GraphQLObjectType, into: Fields, visited: Set<string>): Fields {
  for (const selection of selectionSet.selections) {
    if (!included(w, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (conditionMatches(w, selection.typeCondition, type)) collect(w, selection.selectionSet, type, into, visited);
    } else {
      const name = selection.name.value;
      const fragment = w.fragments.get(name);
      if (visited.has(name) || !fragment || !conditionMatches(w, fragment.typeCondition, type)) continue;
      visited.add(name);
      collect(w, fragment.selectionSet, type, into, visited);
    }
  }
  return into;
}

function collectAll(w: Walker, selectionSets: SelectionSetNode[], type: GraphQLObjectType): Fields {
  const fields: Fields = new Map();
  const visited = new Set<string>();
  for (const selectionSet of selectionSets) collect(w, selectionSet, type, fields, visited);
  return fields;
}

function subSelections(nodes: FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
}

function asRecord(value: unknown): Record<string, unknown> {
  return value as Record<string, unknown>;
}

function compositeCost(w: Walker, selections: SelectionSetNode[], type: GraphQLCompositeType, value: unknown): number {
  if (w.actual) {
    if (value === null || value === undefined) return 0;
    if (Array.isArray(value)) return Math.max(0, ...value.map((item) => compositeCost(w, selections, type, item)));
    const concrete = isAbstractType(type) ? w.schema.getType(String(asRecord(value)[TYPENAME_KEY])) : type;
    return isObjectType(concrete) ? objectCost(w, selections, concrete, value, false) : 0;
  }
  if (isAbstractType(type)) {
    return Math.max(0, ...w.schema.getPossibleTypes(type).map((possible) => objectCost(w, selections, possible, undefined, false)));
  }
  return objectCost(w, selections, type, undefined, false);
}

function objectCost(w: Walker, selections: SelectionSetNode[], type: GraphQLObjectType, value: unknown, mutationRoot: boolean): number {
  let total = 0;
  const definitions = type.getFields();
  for (const [key, nodes] of collectAll(w, selections, type)) {
    const definition = definitions[nodes[0].name.value];
    if (!definition) continue;
    const fieldValue = w.actual ? asRecord(value)[key] : undefined;
    total += fieldCost(w, definition, nodes, fieldValue, mutationRoot);
  }
  return total;
}

export function isConnection(type: GraphQLObjectType): boolean {
  return type.name.endsWith("Connection") && "pageInfo" in type.getFields();
}

function fieldCost(w: Walker, definition: GraphQLField<unknown, unknown>, nodes: FieldNode[], value: unknown, mutationRoot: boolean): number {
  const named = getNamedType(definition.type);
  const selections = subSelections(nodes);
  if (mutationRoot) return MUTATION_COST + (isLeafType(named) ? 0 : compositeCost(w, selections, named, value));
  if (isLeafType(named)) return 0;
  if (isObjectType(named) && isConnection(named)) return connectionCost(w, definition, nodes, selections, named, value);
  return 1 + compositeCost(w, selections, named, value);
}

function connectionCost(
  w: Walker,
  definition: GraphQLField<unknown, unknown>,
  nodes: FieldNode[],
  selections: SelectionSetNode[],
  type: GraphQLObjectType,
  value: unknown,
): number {
  const fields = collectAll(w, selections, type);
  const definitions = type.getFields();
  // One entry per response key that selects nodes (`nodes`, or `node` under `edges`): the cost
  // of one node, or (actual) the summed cost of the nodes returned.
  const perKey: number[] = [];
  for (const [key, fieldNodes] of fields) {
    const name = fieldNodes[0].name.value;
    if (name === "nodes") {
      const nodeType = getNamedType(definitions.nodes.type) as GraphQLCompositeType;
      const sub = subSelections(fieldNodes);
      if (!w.actual) perKey.push(1 + compositeCost(w, sub, nodeType, undefined));
      else {
        const list = (asRecord(value ?? {})[key] ?? []) as unknown[];
        perKey.push(list.reduce<number>((sum, item) => sum + (item == null ? 0 : 1 + compositeCost(w, sub, nodeType, item)), 0));
      }
    } else if (name === "edges") {
      const edgeType = getNamedType(definitions.edges.type) as GraphQLObjectType;
      const edgeFields = collectAll(w, subSelections(fieldNodes), edgeType);
      const nodeKeys = [...edgeFields].filter(([, edgeNodes]) => edgeNodes[0].name.value === "node");
      const nodeType = getNamedType(edgeType.getFields().node.type) as GraphQLCompositeType;
      const nodeCost = (edge: unknown) =>
        Math.max(
          0,
          ...nodeKeys.map(([nodeKey, nodeNodes]) => {
            const node = w.actual ? asRecord(edge)[nodeKey] : undefined;
            return w.actual && node == null ? 0 : 1 + compositeCost(w, subSelections(nodeNodes), nodeType, node);
          }),
        );
      if (!w.actual) perKey.push(nodeCost(undefined));
      else {
        const list = (asRecord(value ?? {})[key] ?? []) as unknown[];
        perKey.push(list.reduce<number>((sum, edge) => sum + (edge == null ? 0 : nodeCost(edge)), 0));
      }
    }
  }
  const nodesCost = Math.max(0, ...perKey);
  if (w.actual) return 2 + nodesCost;
  const args = getArgumentValues(definition, nodes[0], w.variables) as { first?: number | null; last?: number | null };
  const pageSize = args.first ?? args.last ?? 0;
  return 2 + pageSize * nodesCost;
}

function walker(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, actual: boolean): Walker {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return { schema, fragments, variables, actual };
}

function operationCost(w: Walker, operation: OperationDefinitionNode, data: unknown): number {
  const root = w.schema.getRootType(operation.operation);
  if (!root) return 0;
  return objectCost(w, [operation.selectionSet], root, data, operation.operation === "mutation");
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  return operationCost(walker(schema, document, variables, false), operation, undefined);
}

/** `data` must come from executing `withTypenames(document)`. */
export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data: unknown,
): number {
  if (data === null || data === undefined) return 0;
  return operationCost(walker(schema, document, variables, true), operation, data);
}

export function withTypenames(document: DocumentNode): DocumentNode {
  const typename: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: TYPENAME_KEY },
    name: { kind: Kind.NAME, value: "__typename" },
  };
  return visit(document, {
    SelectionSet: (node) => ({ ...node, selections: [...node.selections, typename] }),
  });
}

export function stripTypenames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripTypenames);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== TYPENAME_KEY)
      .map(([key, child]) => [key, stripTypenames(child)]),
  );
}
