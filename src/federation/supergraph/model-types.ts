import type { SelectionSetNode } from 'graphql';

/** What the planner knows about a supergraph: which subgraph can resolve what, and how entities are keyed. */
export interface SupergraphModel {
  /** Subgraph names, as in `@join__graph(name:)`. */
  subgraphs: string[];
  /** Composite (object, interface, union) types by name. */
  types: Map<string, CompositeTypeModel>;
  rootTypes: { query: string; mutation: string | null };
}

export type CompositeKind = 'object' | 'interface' | 'union';

export interface CompositeTypeModel {
  name: string;
  kind: CompositeKind;
  /** Subgraphs that define the type. */
  subgraphs: Set<string>;
  /** Keys per subgraph; only `resolvable` keys let the gateway send representations to that subgraph. */
  keys: Map<string, KeyModel[]>;
  fields: Map<string, FieldModel>;
  /** For interfaces and unions: the object types each subgraph can return for this type. */
  membersIn: Map<string, Set<string>>;
}

export interface KeyModel {
  fields: string;
  selection: SelectionSetNode;
  resolvable: boolean;
}

export interface FieldModel {
  name: string;
  /** Named return type. */
  typeName: string;
  /** Subgraphs that resolve the field themselves (not @external, not overridden). */
  resolvableIn: Set<string>;
  /** Subgraphs where the field is @external: resolvable there only under a matching @provides. */
  externalIn: Set<string>;
  requires: Map<string, SelectionSetNode>;
  provides: Map<string, SelectionSetNode>;
}
