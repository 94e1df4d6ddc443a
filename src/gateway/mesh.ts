/**
 * Builds the mesh: every local domain's subgraph, the platform subgraph and
 * the registered remote subgraphs, composed into one supergraph and served
 * by one federated executor. A composition error stops start-up.
 */
import {
  composeSupergraph,
  createFederatedExecutor,
  createHttpSubgraphClient,
  createLocalSubgraphClient,
  createRenamingClient,
  renameSubgraphTypes,
  type FederatedExecutor,
  type SubgraphClient,
  type SubgraphSource,
} from '../federation/index.ts';
import { DateTimeScalar, JSONScalar } from '../api/index.ts';
import type { LocalSubgraph, SourceResolver } from '../operational/index.ts';
import { PLATFORM_SDL, PLATFORM_SUBGRAPH, buildPlatformSubgraph, type PlatformServices } from '../platform/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import type { RemoteSubgraphConfig } from './config.ts';
import { fetchRemoteSdl } from './remote-subgraphs.ts';
import { buildDomainSubgraph, domainSdl, servesData, type LakeReadDeps } from './domain-subgraph.ts';

export interface Mesh {
  supergraphSdl: string;
  executor: FederatedExecutor;
  subgraphs: string[];
}

export interface MeshOptions {
  products: readonly DataProduct[];
  sources: SourceResolver;
  remotes: readonly RemoteSubgraphConfig[];
  maxPageSize: number;
  /** Policy administration and the access log, served by the platform subgraph. */
  platform: PlatformServices;
  lake: LakeReadDeps;
}

export async function buildMesh(options: MeshOptions): Promise<Mesh> {
  const local: LocalSubgraph[] = options.products
    .filter(servesData)
    .map((p) => buildDomainSubgraph(p, { mesh: options.products, sources: options.sources, maxPageSize: options.maxPageSize, lake: options.lake }));
  local.push(buildPlatformSubgraph(options.products, options.remotes, options.platform));
  const remoteSources = await Promise.all(
    options.remotes.map(async (r) => {
      const sdl = await fetchRemoteSdl(r);
      const renamed = r.typePrefix ? renameSubgraphTypes(sdl, r.typePrefix) : undefined;
      return { name: r.name, url: r.url, typeDefs: renamed?.sdl ?? sdl, renames: renamed?.renames };
    }),
  );
  const supergraphSdl = composeSupergraph([...local.map(toSource), ...remoteSources]);
  const clients: Record<string, SubgraphClient> = {};
  for (const s of local) clients[s.name] = createLocalSubgraphClient(s.schema);
  for (const r of remoteSources) {
    const http = createHttpSubgraphClient(r.url);
    clients[r.name] = r.renames ? createRenamingClient(http, r.renames) : http;
  }
  return {
    supergraphSdl,
    // The mesh's DateTime and JSON are the API's: the gateway refuses what every subgraph would (a DateTime "").
    executor: createFederatedExecutor({ supergraphSdl, clients, inputScalars: [DateTimeScalar, JSONScalar] }),
    subgraphs: Object.keys(clients),
  };
}

/** The supergraph of the local domains alone: what `meshgate compose` writes. */
export function composeLocalSupergraph(products: readonly DataProduct[]): string {
  const sources: SubgraphSource[] = products.filter(servesData).map((p) => ({ name: p.name, typeDefs: domainSdl(p, products) }));
  sources.push({ name: PLATFORM_SUBGRAPH, typeDefs: PLATFORM_SDL });
  return composeSupergraph(sources);
}

function toSource(subgraph: LocalSubgraph): SubgraphSource {
  return { name: subgraph.name, typeDefs: subgraph.typeDefs };
}

export { PLATFORM_SUBGRAPH };
