/**
 * The live schema: a plain graphql-js schema (subscriptions do not go through
 * the federated planner). Executions must get `{ hub }` as their root value
 * (`LiveRoot`); `attachLiveServer` does that.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { DateTimeScalar, filterFromWhere, JSONScalar } from '../../api/index.ts';
import { streamedDatasets, type DatasetRuntime } from '../datasets/index.ts';
import { authoriseSubscription, eventSelector, guardedField, liveContext, type LivePayload } from './access.ts';
import type { LiveHub } from './hub.ts';
import { liveSdl, liveTypeNames } from './sdl.ts';

export interface LiveRoot {
  hub: LiveHub;
}

type WhereArgs = { where?: Record<string, unknown> | null };

function subscriptionField(runtime: DatasetRuntime) {
  return {
    subscribe: (root: LiveRoot | undefined, args: WhereArgs, context: unknown) => {
      if (!root?.hub) throw new Error('the live schema runs with { hub } as its root value');
      const where = filterFromWhere(args.where);
      const grant = authoriseSubscription(liveContext(context), runtime, args.where);
      return root.hub.subscribe(runtime.qualifiedName, eventSelector(runtime, grant, where));
    },
    resolve: (payload: LivePayload) => payload,
  };
}

function eventFieldResolvers(runtime: DatasetRuntime): Record<string, GraphQLFieldResolver<LivePayload, unknown>> {
  return Object.fromEntries(runtime.fields.map((field) => [field.name, (payload: LivePayload) => guardedField(runtime, field.name, payload)]));
}

/** Subscriptions for the datasets events feed; a derived dataset (`producedBy`) has no stream. */
export function liveSchema(all: readonly DatasetRuntime[]): GraphQLSchema {
  const datasets = streamedDatasets(all);
  const resolvers: Record<string, unknown> = {
    DateTime: DateTimeScalar,
    JSON: JSONScalar,
    Query: { _live: () => true },
  };
  if (datasets.length > 0) {
    resolvers.Subscription = Object.fromEntries(datasets.map((runtime) => [liveTypeNames(runtime).field, subscriptionField(runtime)]));
  }
  for (const runtime of datasets) resolvers[liveTypeNames(runtime).event] = eventFieldResolvers(runtime);
  return makeExecutableSchema({ typeDefs: liveSdl(datasets), resolvers: resolvers as never });
}
