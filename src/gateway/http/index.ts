/**
 * The gateway's HTTP layer: GraphQL over HTTP (graphql-http), GraphiQL from local assets, health
 * probes, the HTTP log and the routes other modules mount. Error masking and codes are the API's
 * (src/api), the route contract is src/routes. Other modules import only from here.
 */
export type {
  CostCheck,
  DocumentDecision,
  DocumentRequest,
  EngineExecuteArgs,
  GatewayHttpServer,
  GraphQLEngine,
  HttpServerOptions,
  OperationOutcome,
  ReadinessReport,
  RequestContext,
  TlsListener,
  TrustedDocuments,
} from './types.ts';
export type { CorsPolicy, CsrfPrevention } from './hygiene/index.ts';
export { csrfRefusesUpgrade } from './hygiene/index.ts';
export type { DocumentCache, PreparedDocument } from './document-cache.ts';
export { createDocumentCache } from './document-cache.ts';
export { createGatewayHttpServer, GRAPHQL_PATH } from './server.ts';
export { DEFAULT_GRAPHIQL_QUERY } from './graphiql-page.ts';
export { createInputChecks } from './operation-inputs.ts';
export { DEFAULT_MAX_INPUT_DEPTH } from './input-limits.ts';
export type { OperationLimits, OperationMeasure } from './operation-limits.ts';
export { DEFAULT_OPERATION_LIMITS, measureOperation, operationLimitError } from './operation-limits.ts';
