export type { SubgraphClient, SubgraphRequest } from './client-types.ts';
export type { HttpSubgraphClientOptions } from './http-client.ts';
export { createLocalSubgraphClient } from './local-client.ts';
export { createHttpSubgraphClient } from './http-client.ts';
export { createRenamingClient } from './renaming-client.ts';
