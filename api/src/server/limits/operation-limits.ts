/**
 * Limits on what one GraphQL operation may ask for, as validation rules, so HTTP and WebSocket apply the very same
 * ones: nesting depth, a cost that counts every selection (aliases included) multiplied by list sizes (`first`),
 * and the number of aliases. Introspection fields are not counted (introspection is off in production).
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 15, maxCost: 20_000, maxAliases: 100 };

/** A `first` given as a variable is not known during validation: count it as the largest page the API serves. */
const LARGEST_PAGE = 500;

interface Measure {
  depth: number;
  cost: number;
  aliases: number;
}

/** The validation rule enforcing `limits` on every operation of a document. */
export function operationLimitsRule(limits: OperationLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(operation) {
        const schema = context.getSchema();
        const root = schema.getRootType(operation.operation) ?? undefined;
        const measure = measureSelections(operation.selectionSet, root, { schema, fragments }, new Set(), 0);
        const name = operation.name ? ` "${operation.name.value}"` : "";
        if (measure.depth > limits.maxDepth) {
          context.reportError(
            limitError(
              `Operation${name} is nested ${measure.depth} levels deep; the limit is ${limits.maxDepth}`,
              "DEPTH",
            ),
          );
        }
        if (measure.aliases > limits.maxAliases) {
          context.reportError(
            limitError(
              `Operation${name} uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}`,
              "ALIASES",
            ),
          );
        }
        if (measure.cost > limits.maxCost) {
          context.reportError(
            limitError(
              `Operation${name} would cost ${measure.cost} (fields × page sizes); the limit is ${limits.maxCost}`,
              "COST",
            ),
          );
        }
      },
    };
  };
}

interface Walk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

function measureSelections(
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  walk: Walk,
  visiting: Set<string>,
  depth: number,
): Measure {
  const total: Measure = { depth, cost: 0, aliases: 0 };
  const add = (m: Measure): void => {
    total.depth = Math.max(total.depth, m.depth);
    total.cost += m.cost;
    total.aliases += m.aliases;
  };
  for (const selection of selectionSet.selections) {
    switch (selection.kind) {
      case Kind.FIELD:
        add(measureField(selection, parent, walk, visiting, depth));
        break;
      case Kind.INLINE_FRAGMENT: {
        const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
        add(measureSelections(selection.selectionSet, type ?? undefined, walk, visiting, depth));
        break;
      }
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = walk.fragments.get(name);
        // A cycle or an unknown fragment is reported by GraphQL's own rules; here it just stops the walk.
        if (!fragment || visiting.has(name)) break;
        visiting.add(name);
        const type = walk.schema.getType(fragment.typeCondition.name.value) ?? undefined;
        add(measureSelections(fragment.selectionSet, type, walk, visiting, depth));
        visiting.delete(name);
        break;
      }
    }
  }
  return total;
}

function measureField(
  field: FieldNode,
  parent: GraphQLNamedType | undefined,
  walk: Walk,
  visiting: Set<string>,
  depth: number,
): Measure {
  if (field.name.value.startsWith("__")) return { depth, cost: 0, aliases: 0 };
  const aliases = field.alias ? 1 : 0;
  const definition = parent && isObjectType(parent) ? parent.getFields()[field.name.value] : undefined;
  if (!field.selectionSet) return { depth: depth + 1, cost: 1, aliases };
  const type = definition ? getNamedType(definition.type) : undefined;
  const inner = measureSelections(field.selectionSet, type, walk, visiting, depth + 1);
  return { depth: inner.depth, cost: 1 + pageSize(field, definition) * inner.cost, aliases: aliases + inner.aliases };
}

/** What `first` asks for (literal, variable → the largest page, absent → the argument's default) multiplies below. */
function pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number {
  const given = field.arguments?.find((a) => a.name.value === "first");
  if (given?.value.kind === Kind.INT) return Math.max(1, Number(given.value.value));
  if (given) return LARGEST_PAGE;
  const declared = definition?.args.find((a) => a.name === "first")?.defaultValue;
  return typeof declared === "number" ? Math.max(1, declared) : 1;
}

// The code Apollo gives every validation error, so HTTP and WebSocket answer alike; `limit` says which one.
function limitError(message: string, limit: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit } });
}
