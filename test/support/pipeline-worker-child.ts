/**
 * A pipelines worker in its own process, for the crash and multi-process
 * tests: an engine on PostgreSQL (MESHGATE_PIPE_DATABASE_URL) with the test
 * pipelines and executor (pipeline-fixtures.ts), consuming step jobs.
 * Prints "ready" once it consumes; stops gracefully on SIGTERM (exit 0).
 * MESHGATE_PIPE_WORKER: its name in pipe_attempts; MESHGATE_PIPE_CONCURRENCY: units at once (default 2).
 */
import { createPostgresPlatformDatabase } from '../../src/sources/index.ts';
import { engineFor } from './pipeline-engine-suite.ts';
import { requireEnv } from './required-env.ts';

const url = requireEnv('MESHGATE_PIPE_DATABASE_URL');
const db = createPostgresPlatformDatabase(url, 4);
const engine = engineFor({ db, boss: { kind: 'postgres', connection: url, max: 3 } }, requireEnv('MESHGATE_PIPE_WORKER'));
await engine.start({ worker: true, concurrency: Number(process.env.MESHGATE_PIPE_CONCURRENCY ?? 2) });
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await engine.stop();
  await db.close();
  process.exit(0);
});
