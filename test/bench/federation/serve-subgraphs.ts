// Serves the four benchmark subgraphs on one port (PORT, default 4200), memoised unless MEMOIZE=0, delayed by SUBGRAPH_DELAY_MS.
import { startBenchmarkSubgraphs } from './subgraphs.ts';

const subgraphs = await startBenchmarkSubgraphs({
  port: Number(process.env.PORT ?? 4200),
  delayMs: Number(process.env.SUBGRAPH_DELAY_MS ?? 0),
  memoize: process.env.MEMOIZE !== '0',
});
console.log(`benchmark subgraphs listening at ${subgraphs.url}`);
const stop = () => void subgraphs.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
