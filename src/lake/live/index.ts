/**
 * Live lake streams: a GraphQL subscription per dataset over WebSocket
 * (graphql-ws), fed by one broker consumer per gateway process that starts at
 * the latest offsets, filtered per subscriber by `where` and by policy (row
 * filters evaluated in memory, field rules at resolution), with bounded
 * per-subscriber queues and Prometheus metrics.
 */
export type { LiveErrorCode } from './errors.ts';
export type { EventSelector, LiveHub, LiveHubOptions } from './hub.ts';
export type { LivePayload, SubscriptionGrant } from './access.ts';
export type { LiveRoot } from './schema.ts';
export type { LiveExtension, LiveTypeNames } from './sdl.ts';
export type { LiveAuthRequest, LiveOperationFields, LiveOutcome, LiveServer, LiveServerOptions } from './server.ts';
export type { LiveMetrics } from './metrics.ts';
export type { PushOutcome, SubscriberQueue } from './subscriber-queue.ts';
export { LiveError } from './errors.ts';
export { DEFAULT_QUEUE_LIMIT, startLiveHub } from './hub.ts';
export { liveSchema } from './schema.ts';
export { liveSdl, liveTypeNames } from './sdl.ts';
export { attachLiveServer, LIVE_PATH } from './server.ts';
export { liveMetrics } from './metrics.ts';
