import type { DocumentNode } from 'graphql';
import type { FetchSelection } from './fetch-selection.ts';
import type { NormalizedOperation } from './operation-types.ts';

/** One step from an object to a field value; `onType` restricts it to objects of that runtime type (under abstract types). */
export interface PathStep {
  key: string;
  onType: string | null;
}

/** A fetch while the plan is being built: one subgraph call before fetches at the same level are merged. */
export interface FetchBuilder {
  id: number;
  subgraph: string;
  kind: 'root' | 'entity' | 'introspection';
  operation: 'query' | 'mutation';
  /** Root: the root fields. Entity: the fields inside `... on typeName`. */
  selection: FetchSelection;
  /** Entity: where the objects sit in the response, their type and the representation fields (key + @requires). */
  path: PathStep[];
  typeName: string;
  representation: FetchSelection;
  /** Fetches that must complete first (the parent fetch and the providers of key and @requires fields). */
  deps: Set<FetchBuilder>;
}

/** How to build a representation from an object: `__typename` plus these fields, recursively. */
export interface RepresentationShape {
  fields: { name: string; sub: RepresentationShape | null }[];
}

export interface EntityTarget {
  path: PathStep[];
  typeName: string;
  representation: RepresentationShape;
  /** Targets with equal signatures build comparable representations (same type, same fields): they share dedup keys. */
  signature: string;
}

/** One subgraph call of a compiled plan; the document is printed and parsed once, at plan time. */
export type ExecutableFetch =
  | { kind: 'root'; subgraph: string; query: string; document: DocumentNode; variableNames: string[] }
  | { kind: 'entity'; subgraph: string; query: string; document: DocumentNode; variableNames: string[]; targets: EntityTarget[] };

/** Public, printable plan tree (tests and explain). */
export type PlanNode =
  | { kind: 'Sequence'; nodes: PlanNode[] }
  | { kind: 'Parallel'; nodes: PlanNode[] }
  | { kind: 'Fetch'; subgraph: string; operation: string; variableUsages: string[]; entities?: { path: string; typeName: string }[] };

export interface QueryPlan {
  kind: 'QueryPlan';
  node: PlanNode | null;
}

/** A planned operation: waves run in order, the fetches of a wave in parallel. */
export interface CompiledPlan {
  operation: NormalizedOperation;
  waves: ExecutableFetch[][];
  queryPlan: QueryPlan;
}

/** Subgraph name used for introspection fields, answered from the API schema in process. */
export const INTROSPECTION_SUBGRAPH = '#introspection';
