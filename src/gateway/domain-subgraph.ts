/**
 * A domain's subgraph: its operational plane (entities) and its lake plane
 * (datasets) in one Federation v2 subgraph, under the domain's namespace.
 */
import { buildSubgraphSchema } from '../federation/index.ts';
import { lakeResolvers, lakeSdl, type ObjectCache } from '../lake/index.ts';
import { operationalPlane, operationalSdl, type LocalSubgraph, type SourceResolver } from '../operational/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import type { ObjectStore, PlatformDatabase } from '../sources/index.ts';

export interface LakeReadDeps {
  store: ObjectStore;
  db: PlatformDatabase;
  /** Local copies of the Parquet objects reads scan (one cache for every domain). */
  objects: ObjectCache;
}

export interface DomainSubgraphOptions {
  mesh: readonly DataProduct[];
  sources: SourceResolver;
  maxPageSize: number;
  lake: LakeReadDeps;
}

/** Products that contribute a subgraph: any with entities or datasets. */
export function servesData(product: DataProduct): boolean {
  return Boolean(product.operational || product.lake);
}

/** The SDL alone (composition needs no services). */
export function domainSdl(product: DataProduct, mesh: readonly DataProduct[]): string {
  const lake = lakeSdl(product);
  const operational = operationalSdl(product, mesh);
  return lake ? `${operational}\n${lake}\n` : operational;
}

export function buildDomainSubgraph(product: DataProduct, options: DomainSubgraphOptions): LocalSubgraph {
  const operational = operationalPlane(product, options);
  const lake = lakeResolvers(product, { ...options.lake, maxPageSize: options.maxPageSize });
  const resolvers: Record<string, any> = { ...operational.resolvers };
  for (const [type, fields] of Object.entries(lake)) resolvers[type] = { ...resolvers[type], ...fields };
  const typeDefs = domainSdl(product, options.mesh);
  return { name: product.name, typeDefs, schema: buildSubgraphSchema(typeDefs, resolvers) };
}
