// Hive Gateway configuration for the benchmark: subgraph requests are not deduplicated (executor-http's
// deduplicateInflightRequests defaults to true); inbound deduplication (inboundInflightRequestDeduplication) is off
// by default and stays off.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: false } },
  },
});
