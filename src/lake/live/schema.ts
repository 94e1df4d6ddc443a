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
import { type LiveExtension, liveSdl, liveTypeNames } from './sdl.ts';

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

/** Subscriptions for the datasets events feed (a derived dataset, `producedBy`, has no stream) and those of `extensions`. */
export function liveSchema(all: readonly DatasetRuntime[], extensions: readonly LiveExtension[] = []): GraphQLSchema {
  const datasets = streamedDatasets(all);
  const resolvers: Record<string, unknown> = {
    DateTime: DateTimeScalar,
    JSON: JSONScalar,
    Query: { _live: () => true },
  };
  const subscriptions = [
    ...datasets.map((runtime) => [liveTypeNames(runtime).field, subscriptionField(runtime)] as const),
    ...extensions.flatMap((e) => Object.entries(e.resolvers.Subscription)),
  ];
  if (subscriptions.length > 0) resolvers.Subscription = Object.fromEntries(subscriptions);
  for (const runtime of datasets) resolvers[liveTypeNames(runtime).event] = eventFieldResolvers(runtime);
  for (const {
    resolvers: { Subscription: _, ...types },
  } of extensions)
    Object.assign(resolvers, types);
  return makeExecutableSchema({ typeDefs: liveSdl(datasets, extensions), resolvers: resolvers as never });
}
