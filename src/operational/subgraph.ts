import type { GraphQLSchema } from 'graphql';
import type { DataProduct } from '../sdk/index.ts';
import { buildSubgraphSchema } from '../federation/index.ts';
import { entityRuntimes, type SourceResolver } from './entity-runtime.ts';
import { operationalResolvers } from './resolvers.ts';
import { operationalSdl } from './sdl.ts';

export interface LocalSubgraph {
  name: string;
  typeDefs: string;
  schema: GraphQLSchema;
}

export interface OperationalSubgraphOptions {
  /** Every data product of the mesh, to resolve cross-domain references. */
  mesh: readonly DataProduct[];
  sources: SourceResolver;
  /** The gateway-wide maximum page size; an entity may lower it. */
  maxPageSize: number;
}

export interface PlaneParts {
  typeDefs: string;
  resolvers: Record<string, any>;
}

/** One domain's operational plane: its SDL (with the domain's root namespace) and resolvers, for the domain subgraph. */
export function operationalPlane(product: DataProduct, options: OperationalSubgraphOptions): PlaneParts {
  const runtimes = entityRuntimes(product, options.sources, options.maxPageSize);
  return { typeDefs: operationalSdl(product, options.mesh), resolvers: operationalResolvers(product, runtimes, options.mesh) };
}

/** One domain's operational plane alone as an executable Federation v2 subgraph. */
export function buildOperationalSubgraph(product: DataProduct, options: OperationalSubgraphOptions): LocalSubgraph {
  const { typeDefs, resolvers } = operationalPlane(product, options);
  return { name: product.name, typeDefs, schema: buildSubgraphSchema(typeDefs, resolvers) };
}
