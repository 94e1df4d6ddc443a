import { GraphQLError, type ExecutionResult } from 'graphql';
import type { SubgraphClient } from '../clients/index.ts';
import type { CompiledPlan, EntityTarget, ExecutableFetch } from '../planner/index.ts';
import { MISSING_ENTITY, mergeInto } from './merge.ts';
import { collectRepresentations, findObjectPath, type RepresentationBatch } from './representations.ts';
import { assertNever } from '../../common/index.ts';

type Json = Record<string, unknown>;

/** Per-request state of one plan run. */
export interface PlanRun {
  clients: Record<string, SubgraphClient>;
  variables: Record<string, unknown>;
  context: unknown;
  data: Json;
  errors: GraphQLError[];
}

/** Runs the waves in order (fetches of one wave in parallel), merging every result into `run.data`. */
export async function runPlan(plan: CompiledPlan, run: PlanRun): Promise<void> {
  for (const wave of plan.waves) {
    if (wave.length === 1) await runFetch(wave[0], run);
    else await Promise.all(wave.map((fetch) => runFetch(fetch, run)));
  }
}

function runFetch(fetch: ExecutableFetch, run: PlanRun): Promise<void> {
  switch (fetch.kind) {
    case 'root':
      return runRootFetch(fetch, run);
    case 'entity':
      return runEntityFetch(fetch, run);
    default:
      return assertNever(fetch, 'fetch');
  }
}

async function runRootFetch(fetch: Extract<ExecutableFetch, { kind: 'root' }>, run: PlanRun) {
  const result = await callSubgraph(fetch, pickVariables(fetch.variableNames, run.variables), run);
  if (result.data) mergeInto(run.data, result.data as Json);
  if (result.errors) for (const error of result.errors) run.errors.push(subgraphError(error, fetch.subgraph, error.path ?? undefined));
}

async function runEntityFetch(fetch: Extract<ExecutableFetch, { kind: 'entity' }>, run: PlanRun) {
  const batch = collectRepresentations(fetch.targets, run.data);
  if (!batch.representations.length) return;
  const variables = pickVariables(fetch.variableNames, run.variables);
  variables.representations = batch.representations;
  const result = await callSubgraph(fetch, variables, run);
  const entities = (result.data as Json | null | undefined)?._entities;
  if (Array.isArray(entities)) {
    for (let i = 0; i < entities.length && i < batch.objects.length; i++) {
      const entity = entities[i];
      const objects = batch.objects[i];
      if (entity === null || typeof entity !== 'object') {
        // The subgraph says the entity does not exist, or the caller may not see it: it is null in the response.
        for (let k = 0; k < objects.length; k++) (objects[k] as Record<symbol, unknown>)[MISSING_ENTITY] = true;
        continue;
      }
      for (let k = 0; k < objects.length; k++) mergeInto(objects[k], entity as Json);
    }
  }
  if (result.errors)
    for (const error of result.errors) run.errors.push(subgraphError(error, fetch.subgraph, entityErrorPath(error, fetch.targets, batch, run.data)));
}

async function callSubgraph(fetch: ExecutableFetch, variables: Json, run: PlanRun): Promise<ExecutionResult> {
  const client = run.clients[fetch.subgraph];
  if (!client) return { errors: [new GraphQLError(`No client for subgraph "${fetch.subgraph}"`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } })] };
  try {
    return await client.execute({ query: fetch.query, document: fetch.document, variables, context: run.context });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { errors: [new GraphQLError(`Subgraph "${fetch.subgraph}" failed: ${message}`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } })] };
  }
}

function pickVariables(names: string[], variables: Json): Json {
  const picked: Json = {};
  for (let i = 0; i < names.length; i++) {
    const value = variables[names[i]];
    if (value !== undefined) picked[names[i]] = value;
  }
  return picked;
}

/** `_entities.<i>.rest` becomes the client path of the first object representation i merges into. */
function entityErrorPath(error: { path?: readonly (string | number)[] }, targets: EntityTarget[], batch: RepresentationBatch, data: Json) {
  const path = error.path;
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return undefined;
  const object = batch.objects[path[1]]?.[0];
  if (!object) return undefined;
  for (const target of targets) {
    const found = findObjectPath(data, target.path, object);
    if (found) return [...found, ...path.slice(2)];
  }
  return undefined;
}

function subgraphError(
  error: { message: string; extensions?: Record<string, unknown> },
  subgraph: string,
  path: readonly (string | number)[] | undefined,
): GraphQLError {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'DOWNSTREAM_SERVICE_ERROR';
  return new GraphQLError(error.message, { path, extensions: { ...error.extensions, code, serviceName: subgraph } });
}
