import { buildASTSchema, visit, type DirectiveNode, type DocumentNode, type GraphQLSchema } from 'graphql';

const machineryDirective = (name: string) => name === 'link' || name.startsWith('join__') || name.startsWith('link__') || name === 'inaccessible';
const machineryType = (name: string) => name.startsWith('join__') || name.startsWith('link__');

/**
 * The client-facing schema: the supergraph without the join/link machinery and without @inaccessible elements.
 * Used for validation and introspection; its types also drive response shaping.
 */
export function buildApiSchema(supergraph: DocumentNode): GraphQLSchema {
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
  return buildASTSchema(stripped, { assumeValidSDL: true });
}
