/**
 * The cost budget of a request: the federation's estimator (what the
 * operation will touch, from the API schema) made data-aware with the lake's
 * partition catalog (a dataset's `records` read at most the rows its
 * partitions in the requested range hold), against the caller's budget (the
 * largest `budget:` of its roles' policies, else `MESHGATE_DEFAULT_COST_BUDGET`).
 * Over budget is COST_LIMIT_EXCEEDED with `estimate` and `budget`, answered
 * before anything runs. `explainCost` answers the same estimate.
 */
import { GraphQLError, getOperationAST, getVariableValues } from 'graphql';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { DEFAULT_PAGE_SIZE, MeshgateError } from '../api/index.ts';
import { estimateCost, type CostEstimate, type ListFieldRead } from '../federation/index.ts';
import { isGoverned } from '../governed/index.ts';
import { datasetRuntimes, datasetTypeNames, listPartitions } from '../lake/index.ts';
import type { PolicyStore } from '../policy/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';
import type { CostExplanation, ExplainCostArgs } from '../platform/index.ts';
import { createDocumentCache, type DocumentCache, type PreparedDocument, type RequestContext } from './http/index.ts';
import type { GatewayConfig } from './config.ts';

export interface CostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | null | undefined;
}

export interface CostControl {
  /** The estimate of an operation whose inputs already passed their checks. */
  estimate(request: CostRequest): Promise<CostEstimate>;
  /** The caller's budget. */
  budgetOf(ctx: RequestContext): number;
  /** COST_LIMIT_EXCEEDED when the estimate is over the caller's budget, else undefined. */
  check(ctx: RequestContext, request: CostRequest): Promise<GraphQLError | undefined>;
}

export interface CostControlOptions {
  products: readonly DataProduct[];
  db: PlatformDatabase;
  policies: PolicyStore;
  defaultBudget: number;
  maxPageSize: number;
}

export function createCostControl(options: CostControlOptions): CostControl {
  const listRows = lakeRecordRows(options.products, options.db);
  const control: CostControl = {
    async estimate({ schema, document, operation, variables }) {
      // The input checks coerced these already; an error left here would be the executor's to report.
      const definitions = operation.variableDefinitions ?? [];
      const values: Record<string, unknown> = definitions.length ? (getVariableValues(schema, definitions, variables ?? {}).coerced ?? {}) : {};
      const defaultPageSize = Math.min(DEFAULT_PAGE_SIZE, options.maxPageSize);
      return estimateCost(schema, document, operation, values, { defaultPageSize, maxPageSize: options.maxPageSize, listRows });
    },
    budgetOf(ctx) {
      return (isGoverned(ctx) ? options.policies.current().costBudget(ctx.actor) : undefined) ?? options.defaultBudget;
    },
    async check(ctx, request) {
      const { total } = await control.estimate(request);
      const budget = control.budgetOf(ctx);
      return total > budget ? costLimitExceeded(total, budget) : undefined;
    },
  };
  return control;
}

export function costLimitExceeded(estimate: number, budget: number): GraphQLError {
  return new GraphQLError(
    `The operation would read about ${estimate} rows, more than your budget of ${budget}: ask for fewer rows (first) or fewer nested lists (explainCost shows where the cost is).`,
    { extensions: { code: 'COST_LIMIT_EXCEEDED', estimate, budget } },
  );
}

/**
 * A dataset's `records` read at most the rows of its complete files in the
 * requested [from, to) range, by the partition catalog: one metadata query,
 * made only for operations that read lake records.
 */
function lakeRecordRows(products: readonly DataProduct[], db: PlatformDatabase): (read: ListFieldRead) => Promise<number | undefined> {
  const byType = new Map(datasetRuntimes(products).map((runtime) => [datasetTypeNames(runtime).dataset, runtime]));
  return async (read) => {
    const runtime = read.fieldName === 'records' ? byType.get(read.parentType) : undefined;
    if (!runtime) return undefined;
    const partitions = await listPartitions(db, runtime.domain, runtime.name, { from: dateOf(read.args.from), to: dateOf(read.args.to) });
    return partitions.reduce((sum, partition) => sum + partition.rows, 0);
  };
}

function dateOf(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * `explainCost` for one caller: the query is parsed and validated as a request would be (the same
 * limits, the same coded errors, as BAD_USER_INPUT of this field), then estimated.
 */
export async function explainCost(
  control: CostControl,
  ctx: RequestContext,
  schema: GraphQLSchema,
  prepare: (query: string) => PreparedDocument,
  args: ExplainCostArgs,
): Promise<CostExplanation> {
  const prepared = prepare(args.query);
  if (prepared.kind === 'invalid') throw refusedQuery(prepared.errors[0]);
  const operation = getOperationAST(prepared.document, args.operationName);
  if (!operation) throw new MeshgateError('query has no operation of that name (or several operations and no operationName).', { code: 'BAD_USER_INPUT' });
  const { total, breakdown } = await control.estimate({ schema, document: prepared.document, operation, variables: args.variables });
  const budget = control.budgetOf(ctx);
  return { estimate: total, budget, withinBudget: total <= budget, breakdown };
}

function refusedQuery(error: GraphQLError | undefined): MeshgateError {
  const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : 'GRAPHQL_VALIDATION_FAILED';
  return new MeshgateError(`query is refused: ${error?.message ?? 'invalid'}`, { code: 'BAD_USER_INPUT', details: { ...error?.extensions, reason: code } });
}

/** explainCost over the current API schema, with a document cache per schema like the GraphQL handler's. */
export function costExplainer(
  config: Pick<GatewayConfig, 'maxInputDepth' | 'operationLimits'>,
  control: CostControl,
  schemaOf: () => GraphQLSchema,
): (ctx: RequestContext, args: ExplainCostArgs) => Promise<CostExplanation> {
  const caches = new WeakMap<GraphQLSchema, DocumentCache>();
  return (ctx, args) => {
    const schema = schemaOf();
    let cache = caches.get(schema);
    if (!cache) {
      cache = createDocumentCache({ schema, maxEntries: 100, maxInputDepth: config.maxInputDepth, operationLimits: config.operationLimits });
      caches.set(schema, cache);
    }
    return explainCost(control, ctx, schema, (query) => (cache as DocumentCache).prepare(query), args);
  };
}
