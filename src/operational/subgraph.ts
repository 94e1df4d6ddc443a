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

/** One domain's operational plane as an executable Federation v2 subgraph. */
export function buildOperationalSubgraph(product: DataProduct, options: OperationalSubgraphOptions): LocalSubgraph {
  const typeDefs = operationalSdl(product, options.mesh);
  const runtimes = entityRuntimes(product, options.sources, options.maxPageSize);
  const schema = buildSubgraphSchema(typeDefs, operationalResolvers(product, runtimes, options.mesh));
  return { name: product.name, typeDefs, schema };
}
