/**
 * `explainCost`: the gateway's estimate of what an operation would touch,
 * for the caller, without running it. The platform serves the SDL; the
 * estimate itself comes from the gateway (which owns the API schema and the
 * caller's budget) through `PlatformServices.explainCost`.
 */
export const COST_SDL = `
extend type Query {
  "What an operation would cost the caller (the rows it may touch) and the caller's budget, without running it; variables as in a request."
  explainCost(query: String!, variables: JSON, operationName: String): CostEstimate!
}

"An operation's estimated cost: a request costing more than the budget is refused with COST_LIMIT_EXCEEDED."
type CostEstimate {
  "The rows it may touch in all: list reads by first (or the default page size) multiplied through nesting, lake records by the partition catalog, one per entity by key."
  estimate: Float!
  "The caller's budget: the largest budget of its roles' policies, else the gateway's default."
  budget: Float!
  "Whether the estimate is within the budget."
  withinBudget: Boolean!
  "Per response path with a cost, in document order."
  breakdown: [CostEntry!]!
}

"One field path's share of an estimate."
type CostEntry {
  "The response path, aliases included (commerce.orders.nodes.items)."
  path: String!
  "Rows it reads in all (per parent × parents)."
  rows: Float!
  cost: Float!
}
`;

export interface CostExplanation {
  estimate: number;
  budget: number;
  withinBudget: boolean;
  breakdown: { path: string; rows: number; cost: number }[];
}

export interface ExplainCostArgs {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}
