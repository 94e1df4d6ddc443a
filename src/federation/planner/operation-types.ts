import type { ArgumentNode, GraphQLOutputType } from 'graphql';

/** A @skip/@include whose `if` is a variable: decided per request by the response shaper. */
export interface FieldCondition {
  variable: string;
  /** true for @skip (included when the variable is false), false for @include. */
  skip: boolean;
}

/**
 * One response key of a normalised selection (all fragments expanded, same-key fields merged).
 * `conditions` is null when the field is always included, otherwise an OR of AND-ed variable conditions.
 */
export interface NormalizedField {
  responseKey: string;
  name: string;
  args: readonly ArgumentNode[];
  /** Printed arguments: equal keys mean the same field call. */
  argsKey: string;
  conditions: FieldCondition[][] | null;
  /** Client-facing type; null for fields the planner adds (keys, @requires). */
  type: GraphQLOutputType | null;
  selection: NormalizedSelection | null;
}

/** Fields per concrete type: an object type has one list; an abstract type one list per possible object type. */
export type NormalizedSelection =
  | { kind: 'object'; typeName: string; fields: NormalizedField[] }
  | { kind: 'abstract'; typeName: string; byType: Map<string, NormalizedField[]> };

export interface NormalizedOperation {
  operation: 'query' | 'mutation' | 'subscription';
  name: string | null;
  root: { kind: 'object'; typeName: string; fields: NormalizedField[] };
  /** Printed variable definitions by name, forwarded to the fetches that use them. */
  variableDefinitions: Map<string, string>;
  /** Variables with a default value in the operation (applied before evaluating @skip/@include). */
  variableDefaults: Map<string, unknown>;
}
