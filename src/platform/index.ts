/**
 * The built-in `platform` subgraph: the catalog of the mesh now; pipeline
 * runs, the access log and policy administration join it in later issues.
 */
import type { DataProduct } from '../sdk/index.ts';
import { buildSubgraphSchema } from '../federation/index.ts';
import type { LocalSubgraph } from '../operational/index.ts';
import { catalogEntry, remoteCatalogEntry, type RemoteProduct } from './catalog.ts';
import { PLATFORM_SDL, PLATFORM_SUBGRAPH } from './catalog-sdl.ts';

export type { RemoteProduct } from './catalog.ts';
export { PLATFORM_SUBGRAPH } from './catalog-sdl.ts';

export function buildPlatformSubgraph(products: readonly DataProduct[], remotes: readonly RemoteProduct[] = []): LocalSubgraph {
  const catalog = [...products.map(catalogEntry), ...remotes.map(remoteCatalogEntry)];
  const schema = buildSubgraphSchema(PLATFORM_SDL, {
    Query: {
      dataProducts: () => catalog,
      dataProduct: (_: unknown, args: { name: string }) => catalog.find((p) => p.name === args.name) ?? null,
    },
  });
  return { name: PLATFORM_SUBGRAPH, typeDefs: PLATFORM_SDL, schema };
}
