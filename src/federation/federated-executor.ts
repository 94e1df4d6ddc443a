import { GraphQLError, parse, print, type DocumentNode, type ExecutionResult, type GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { createLocalSubgraphClient, type SubgraphClient } from './clients/index.ts';
import { PlanError } from './errors.ts';
import { compileObjectShape, runPlan, shapeResponse, type ObjectShape } from './executor/index.ts';
import { INTROSPECTION_SUBGRAPH, planOperation, type CompiledPlan, type QueryPlan } from './planner/index.ts';
import { buildApiSchema, buildSupergraphModel, type SupergraphModel } from './supergraph/index.ts';

/**
 * Registry symbol under which an execution result without errors carries its complete JSON response body
 * (`{"data":…}`). The HTTP layer looks it up with the same `Symbol.for` key and writes the text unchanged.
 */
export const SERIALIZED_RESPONSE: unique symbol = Symbol.for('meshgate.serializedResponse');

export interface FederatedExecutorOptions {
  supergraphSdl: string;
  /** Keyed by subgraph name (`@join__graph(name:)`). */
  clients: Record<string, SubgraphClient>;
  /** Distinct operations whose plans are kept (default 1000). */
  planCacheSize?: number;
  /** Custom scalars whose input coercion the gateway applies when it validates (see buildApiSchema). */
  inputScalars?: readonly GraphQLScalarType[];
}

export interface FederatedExecuteArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  contextValue?: unknown;
}

export interface FederatedExecutor {
  /** The client-facing schema (supergraph minus join/link machinery): validate and introspect against it. */
  readonly apiSchema: GraphQLSchema;
  /** Runs a validated operation: the plan comes from the cache, per request only fetching, merging and shaping happen. */
  execute(args: FederatedExecuteArgs): Promise<ExecutionResult>;
  plan(document: DocumentNode, operationName?: string | null): QueryPlan;
}

interface PreparedOperation {
  plan: CompiledPlan;
  shape: ObjectShape;
  hasDefaults: boolean;
}

export function createFederatedExecutor(opts: FederatedExecutorOptions): FederatedExecutor {
  const supergraph = parse(opts.supergraphSdl, { noLocation: true });
  const model = buildSupergraphModel(supergraph);
  const apiSchema = buildApiSchema(supergraph, opts.inputScalars);
  const clients: Record<string, SubgraphClient> = { ...opts.clients, [INTROSPECTION_SUBGRAPH]: createLocalSubgraphClient(apiSchema) };
  const prepare = createPlanCache(model, apiSchema, opts.planCacheSize ?? 1000);

  async function execute(args: FederatedExecuteArgs): Promise<ExecutionResult> {
    let prepared: PreparedOperation;
    try {
      prepared = prepare(args.document, args.operationName ?? null);
    } catch (error) {
      return { errors: [toRequestError(error)] };
    }
    const variables = withDefaults(prepared, args.variableValues ?? {});
    const run = { clients, variables, context: args.contextValue, data: {}, errors: [] as GraphQLError[] };
    await runPlan(prepared.plan, run);
    const data = shapeResponse(prepared.shape, run.data, variables, run.errors);
    return run.errors.length ? { data, errors: run.errors } : withSerializedBody({ data });
  }

  return {
    apiSchema,
    execute,
    plan: (document, operationName) => prepare(document, operationName ?? null).plan.queryPlan,
  };
}

/** Plans are cached by document identity, then by document text + operation name (LRU). */
function createPlanCache(model: SupergraphModel, apiSchema: GraphQLSchema, size: number) {
  const byText = new Map<string, PreparedOperation>();
  const byDocument = new WeakMap<DocumentNode, Map<string, PreparedOperation>>();
  return (document: DocumentNode, operationName: string | null): PreparedOperation => {
    const nameKey = operationName ?? '';
    const perDocument = byDocument.get(document);
    const identityHit = perDocument?.get(nameKey);
    if (identityHit) return identityHit;
    const textKey = `${nameKey}\u0000${document.loc?.source.body ?? print(document)}`;
    let prepared = byText.get(textKey);
    if (prepared) byText.delete(textKey);
    else prepared = prepareOperation(model, apiSchema, document, operationName);
    byText.set(textKey, prepared);
    if (byText.size > size) byText.delete(byText.keys().next().value!);
    if (perDocument) perDocument.set(nameKey, prepared);
    else byDocument.set(document, new Map([[nameKey, prepared]]));
    return prepared;
  };
}

function prepareOperation(model: SupergraphModel, apiSchema: GraphQLSchema, document: DocumentNode, operationName: string | null): PreparedOperation {
  const plan = planOperation(model, apiSchema, document, operationName);
  const root = plan.operation.root;
  return { plan, shape: compileObjectShape(root.typeName, root.fields), hasDefaults: plan.operation.variableDefaults.size > 0 };
}

function withDefaults(prepared: PreparedOperation, variables: Record<string, unknown>): Record<string, unknown> {
  if (!prepared.hasDefaults) return variables;
  const filled = { ...variables };
  for (const [name, value] of prepared.plan.operation.variableDefaults) if (filled[name] === undefined) filled[name] = value;
  return filled;
}

/**
 * Attaches the response body, stringified here without a replacer (V8's fast path): the HTTP layer sends it as is.
 * Non-enumerable, so the result still serialises, spreads and compares as a plain ExecutionResult.
 */
function withSerializedBody(result: ExecutionResult): ExecutionResult {
  return Object.defineProperty(result, SERIALIZED_RESPONSE, { value: JSON.stringify(result) });
}

function toRequestError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof PlanError) return new GraphQLError(error.message, { extensions: { code: error.code } });
  throw error;
}
