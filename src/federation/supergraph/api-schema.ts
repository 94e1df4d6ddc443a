import { buildASTSchema, isScalarType, visit, type DirectiveNode, type DocumentNode, type GraphQLScalarType, type GraphQLSchema } from 'graphql';

const machineryDirective = (name: string) => name === 'link' || name.startsWith('join__') || name.startsWith('link__') || name === 'inaccessible';
const machineryType = (name: string) => name.startsWith('join__') || name.startsWith('link__');

/**
 * The client-facing schema: the supergraph without the join/link machinery and without @inaccessible elements.
 * Used for validation and introspection; its types also drive response shaping.
 *
 * `inputScalars` lend their input coercion (parseValue, parseLiteral) to the custom scalars of the same name, so a
 * literal or variable the subgraphs would refuse (a DateTime `""`) is the client's validation error at the gateway
 * instead of a subgraph failure; output is left as the subgraphs serialised it. Without them a custom scalar
 * accepts any value (the subgraph decides).
 */
export function buildApiSchema(supergraph: DocumentNode, inputScalars: readonly GraphQLScalarType[] = []): GraphQLSchema {
  const isInaccessible = (node: { directives?: readonly DirectiveNode[] }) => node.directives?.some((d) => d.name.value === 'inaccessible') ?? false;
  const stripped = visit(supergraph, {
    enter(node) {
      if ('directives' in node && isInaccessible(node as { directives?: readonly DirectiveNode[] })) return null;
      return undefined;
    },
    DirectiveDefinition: (node) => (machineryDirective(node.name.value) ? null : undefined),
    ScalarTypeDefinition: (node) => (machineryType(node.name.value) ? null : undefined),
    EnumTypeDefinition: (node) => (machineryType(node.name.value) ? null : undefined),
    InputObjectTypeDefinition: (node) => (machineryType(node.name.value) ? null : undefined),
    Directive: (node) => (machineryDirective(node.name.value) ? null : undefined),
  });
  const schema = buildASTSchema(stripped, { assumeValidSDL: true });
  for (const scalar of inputScalars) {
    const type = schema.getType(scalar.name);
    if (!isScalarType(type)) continue;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
  }
  return schema;
}
