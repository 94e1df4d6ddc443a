// Serves a supergraph file with meshgate's federation mode, as `meshgate serve --supergraph FILE` does, without
// loading the domain-mode modules the CLI imports (databases, lake, ML) that this benchmark never touches.
// Usage: PORT=4000 LOG_LEVEL=warn node test/bench/federation/serve-meshgate.ts SUPERGRAPH_FILE
import { readFileSync } from 'node:fs';
import { startSupergraphGateway } from '../../../src/gateway/supergraph-gateway.ts';
import { createLogger } from '../../../src/observability/index.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: serve-meshgate.ts SUPERGRAPH_FILE');
const gateway = await startSupergraphGateway({
  supergraphSdl: readFileSync(file, 'utf8'),
  port: Number(process.env.PORT ?? 4000),
  host: '127.0.0.1',
  logger: createLogger({ level: (process.env.LOG_LEVEL ?? 'warn') as never }),
});
console.log(`meshgate listening at ${gateway.url}/graphql`);
const stop = () => void gateway.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
