// Validation against Shopify's schema with graphql-js's standard rules, reported in Shopify's
// shape: each error carries the graphql-ruby code Shopify uses (`undefinedField`,
// `argumentNotAccepted`, …) and, for the common ones, Shopify's wording.
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
  ExecutableDefinitionsRule,
  FieldsOnCorrectTypeRule,
  FragmentsOnCompositeTypesRule,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownTypeNamesRule,
  LoneAnonymousOperationRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  SingleFieldSubscriptionsRule,
  specifiedRules,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  validate,
  ValuesOfCorrectTypeRule,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
} from "graphql";

export interface ShopifyError {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

const CODES = new Map<ValidationRule, string>([
  [ExecutableDefinitionsRule, "queryContainsSchemaDefinitions"],
  [UniqueOperationNamesRule, "uniquelyNamedOperations"],
  [LoneAnonymousOperationRule, "uniquelyNamedOperations"],
  [SingleFieldSubscriptionsRule, "missingSubscriptionConfiguration"],
  [KnownTypeNamesRule, "undefinedType"],
  [FragmentsOnCompositeTypesRule, "fragmentOnNonCompositeType"],
  [VariablesAreInputTypesRule, "variableRequiresValidType"],
  [ScalarLeafsRule, "selectionMismatch"],
  [FieldsOnCorrectTypeRule, "undefinedField"],
  [UniqueFragmentNamesRule, "fragmentNotUnique"],
  [KnownFragmentNamesRule, "undefinedFragment"],
  [NoUnusedFragmentsRule, "useAndDefineFragment"],
  [PossibleFragmentSpreadsRule, "cannotSpreadFragment"],
  [NoFragmentCyclesRule, "infiniteLoop"],
  [UniqueVariableNamesRule, "variableNotUnique"],
  [NoUndefinedVariablesRule, "variableNotDefined"],
  [NoUnusedVariablesRule, "variableNotUsed"],
  [KnownDirectivesRule, "undefinedDirective"],
  [UniqueDirectivesPerLocationRule, "directiveNotUniqueForLocation"],
  [KnownArgumentNamesRule, "argumentNotAccepted"],
  [UniqueArgumentNamesRule, "argumentNotUnique"],
  [ValuesOfCorrectTypeRule, "argumentLiteralsIncompatible"],
  [ProvidedRequiredArgumentsRule, "missingRequiredArguments"],
  [VariablesInAllowedPositionRule, "variableMismatch"],
  [OverlappingFieldsCanBeMergedRule, "fieldConflict"],
  [UniqueInputFieldNamesRule, "inputFieldNotUnique"],
]);

function codeFor(rule: ValidationRule): string {
  const known = CODES.get(rule);
  if (known) return known;
  const name = rule.name.replace(/Rule$/, "");
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function shopifyWording(code: string, message: string): { message: string; extensions: Record<string, unknown> } | null {
  if (code === "undefinedField") {
    const match = /^Cannot query field "(.+?)" on type "(.+?)"\./.exec(message);
    if (match) {
      return {
        message: `Field '${match[1]}' doesn't exist on type '${match[2]}'`,
        extensions: { code, typeName: match[2], fieldName: match[1] },
      };
    }
  }
  if (code === "argumentNotAccepted") {
    const match = /^Unknown argument "(.+?)" on field "(?:.+?)\.(.+?)"\./.exec(message);
    if (match) {
      return {
        message: `Field '${match[2]}' doesn't accept argument '${match[1]}'`,
        extensions: { code, name: match[2], typeName: "Field", argumentName: match[1] },
      };
    }
  }
  if (code === "missingRequiredArguments") {
    const match = /^Field "(.+?)" argument "(.+?)" of type ".+?" is required/.exec(message);
    if (match) {
      return {
        message: `Field '${match[1]}' is missing required arguments: ${match[2]}`,
        extensions: { code, className: "Field", name: match[1], arguments: match[2] },
      };
    }
  }
  return null;
}

export function formatError(error: GraphQLError, code?: string): ShopifyError {
  const json = error.toJSON();
  return {
    message: json.message,
    ...(json.locations ? { locations: json.locations.map(({ line, column }) => ({ line, column })) } : {}),
    ...(json.path ? { path: json.path } : {}),
    ...(code || json.extensions ? { extensions: { ...(code ? { code } : {}), ...json.extensions } } : {}),
  };
}

export function validateLikeShopify(schema: GraphQLSchema, document: DocumentNode): ShopifyError[] {
  if (validate(schema, document).length === 0) return [];
  // Only a failing document is validated again rule by rule, to know each error's code.
  const errors: ShopifyError[] = [];
  for (const rule of specifiedRules) {
    for (const error of validate(schema, document, [rule])) {
      const code = codeFor(rule);
      const formatted = formatError(error, code);
      const reworded = shopifyWording(code, error.message);
      errors.push(reworded ? { ...formatted, ...reworded } : formatted);
    }
  }
  return errors;
}
