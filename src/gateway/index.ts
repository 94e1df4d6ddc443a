/** The composition root: configuration, domain loading, the mesh, HTTP. */
export type { GatewayConfig, Profile, RemoteSubgraphConfig } from './config.ts';
export type { Mesh } from './mesh.ts';
export type { RunningGateway, StartOptions } from './start.ts';
export type { ProfileSources } from './sources.ts';
export { configFromEnv } from './config.ts';
export { loadDomains } from './load-domains.ts';
export { buildMesh, composeLocalSupergraph } from './mesh.ts';
export { openSources } from './sources.ts';
export { startGateway } from './start.ts';
export { openGovernance } from './governance.ts';
export { openLake } from './lake.ts';
export type { RunningLake } from './lake.ts';
export type { Governance } from './governance.ts';
export { SupergraphGatewayError, readSubgraphUrls, startSupergraphGateway } from './supergraph-gateway.ts';
export type { RunningSupergraphGateway, SupergraphGatewayOptions } from './supergraph-gateway.ts';
export { openLakeSources } from './lake-sources.ts';
export type { LakeSources } from './lake-sources.ts';
export { openAuditStore, signingKeyFor, verifyKeyFor } from './audit-anchor.ts';
