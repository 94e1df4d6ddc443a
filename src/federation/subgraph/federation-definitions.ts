/** The `extend schema @link(...)` line every meshgate subgraph SDL starts with (Federation v2.3). */
export const federationSubgraphLink =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@requires", "@provides", "@external", "@shareable", "@override", "@inaccessible", "@tag", "@extends", "@interfaceObject", "@composeDirective"])';

/**
 * Directive and scalar definitions the federation spec gives a subgraph. Added only when the SDL does not define
 * them itself, so the subgraph schema builds; they are not part of `_service.sdl`.
 */
export const federationDefinitions: Record<string, string> = {
  link: 'directive @link(url: String!, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA',
  link__Import: 'scalar link__Import',
  link__Purpose: 'enum link__Purpose { SECURITY EXECUTION }',
  FieldSet: 'scalar FieldSet',
  federation__FieldSet: 'scalar federation__FieldSet',
  key: 'directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE',
  requires: 'directive @requires(fields: FieldSet!) on FIELD_DEFINITION',
  provides: 'directive @provides(fields: FieldSet!) on FIELD_DEFINITION',
  external: 'directive @external(reason: String) on OBJECT | FIELD_DEFINITION',
  shareable: 'directive @shareable repeatable on OBJECT | FIELD_DEFINITION',
  extends: 'directive @extends on OBJECT | INTERFACE',
  override: 'directive @override(from: String!, label: String) on FIELD_DEFINITION',
  inaccessible:
    'directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION',
  tag: 'directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA',
  interfaceObject: 'directive @interfaceObject on OBJECT',
  composeDirective: 'directive @composeDirective(name: String!) repeatable on SCHEMA',
  _Any: 'scalar _Any',
  _Service: 'type _Service { sdl: String }',
};
