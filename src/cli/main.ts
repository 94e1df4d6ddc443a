/** Entry point of the `meshgate` command. */
import { Command } from 'commander';
import { SUPERGRAPH_FILE, auditArchive, auditVerify, compose, lakeRetention, seed, serve, services, sink, token } from './commands.ts';
import { worker } from './worker.ts';
import { pipelinesBackfill, pipelinesList, pipelinesRetry, pipelinesRun, pipelinesStatus } from './pipelines.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command('meshgate')
  .description('meshgate: a GraphQL data-mesh gateway. Configuration comes from the environment (see README).')
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the gateway (embedded profile unless DATABASE_URL and MONGO_URL are set)')
  .option('--seed-if-empty', 'seed the demo data (MESHGATE_SEED_SCALE, default 1) when a seeded entity is empty', false)
  .option('-p, --port <port>', 'port to listen on (default PORT or 4000)')
  .option('--host <host>', 'address to listen on (default HOST or 127.0.0.1)')
  .option('--supergraph <file>', 'serve this composed supergraph (federation mode: subgraphs at their @join__graph urls; no domains, no databases)')
  .action(serve);

program
  .command('compose')
  .description('compose the local domains and the platform subgraph into the supergraph SDL')
  .option('--check', 'fail when the file differs from a fresh composition instead of writing it', false)
  .option('-o, --out <file>', 'the supergraph file', SUPERGRAPH_FILE)
  .action(compose);

program
  .command('seed')
  .description("write the demo domains' deterministic data (idempotent upserts)")
  .option('-s, --scale <n>', '1 ≈ 1k users and 10k orders; proportional above', '1')
  .action(seed);

program
  .command('sink')
  .description('run the lake sink: Kafka (or the local log) → Parquet in S3, exactly once; start as many as there are partitions')
  .option('-g, --group <id>', 'the consumer group (default meshgate-lake-sink)')
  .action(sink);

program
  .command('token')
  .description("mint a development bearer token (AUTH_JWT_SECRET, or the embedded profile's own secret)")
  .requiredOption('-r, --role <role>', 'a role of the token (repeatable)', collect, [])
  .option('-s, --sub <subject>', 'the subject (sub claim)', 'dev-user')
  .option('-c, --claim <key=value>', 'an extra claim such as country=DE (repeatable)', collect, [])
  .option('-e, --expires <span>', 'lifetime, e.g. 30m, 8h, 7d', '8h')
  .action(token);

const audit = program.command('audit').description('the tamper-evident access log');
audit
  .command('verify')
  .description(
    'check the hash chain, the archived ranges and the signed digests; names the first record edited, deleted, reordered or rewritten, or a missing or forged digest (exit 1), 0 when intact',
  )
  .action(auditVerify);
audit
  .command('archive')
  .description('move access records older than the retention period (MESHGATE_AUDIT_RETENTION_DAYS) to the lake as Parquet, then delete them from the table')
  .option('-d, --days <n>', 'the retention period in days (default MESHGATE_AUDIT_RETENTION_DAYS)')
  .action(auditArchive);

program
  .command('lake')
  .description('the lake: Parquet objects in S3 and their catalog')
  .command('retention')
  .description("remove the objects past their dataset's retentionDays and the ingestion claims past MESHGATE_INGEST_DEDUP_DAYS")
  .option('--dry-run', 'report what would be removed and remove nothing', false)
  .action(lakeRetention);

program
  .command('worker')
  .description('work pipeline units from the queue (services profile; run as many as the load needs)')
  .option('-c, --concurrency <n>', 'units this process runs at once')
  .action(worker);

const pipelines = program
  .command('pipelines')
  .description("a running gateway's pipelines, through its GraphQL API (--url or MESHGATE_URL; --token or MESHGATE_TOKEN, else an embedded admin token)")
  .option('--url <url>', 'the gateway (default MESHGATE_URL or http://HOST:PORT)')
  .option('--token <jwt>', 'a bearer token with execute on the pipeline (default MESHGATE_TOKEN)');
const client = (command: Command) => ({
  url: pipelines.opts().url as string | undefined,
  token: pipelines.opts().token as string | undefined,
  ...command.opts(),
});
pipelines
  .command('list')
  .description('the pipelines the token may read, with their steps')
  .action((_options, command: Command) => pipelinesList(client(command)));
pipelines
  .command('run')
  .description('start a run of <domain>.<name> and follow its steps (exit 1 unless it succeeds)')
  .argument('<pipeline>', '<domain>.<name>')
  .option('-p, --partition <p>', 'a partition: YYYY-MM-DD (day), YYYY-MM-DDTHH (hour) (repeatable; default: the last closed one)', collect, [])
  .option('--step <name>', 'only this step (repeatable)', collect, [])
  .option('--params <json>', 'parameters of the run, as JSON')
  .option('--no-wait', 'print the run and return at once')
  .action((pipeline: string, _options, command: Command) => pipelinesRun(pipeline, client(command) as never));
pipelines
  .command('status')
  .description('a run and its steps')
  .argument('<run-id>')
  .option('-w, --watch', 'follow it until it finishes', false)
  .action((id: string, _options, command: Command) => pipelinesStatus(id, client(command) as never));
pipelines
  .command('retry')
  .description('re-run part of a run as a new run: its failed steps, or chosen steps with their downstream/upstream')
  .argument('<run-id>')
  .option('--step <name>', 'a step to re-run (repeatable; default: the failed ones)', collect, [])
  .option('--scope <scope>', 'FAILED, ONLY, DOWNSTREAM, UPSTREAM or BOTH', 'FAILED')
  .option('--dry-run', 'print the steps and partitions that would run, run nothing', false)
  .option('--no-wait', 'print the run and return at once')
  .action((id: string, _options, command: Command) => pipelinesRetry(id, client(command) as never));
pipelines
  .command('backfill')
  .description('one run over every partition from --from to --to (inclusive)')
  .argument('<pipeline>', '<domain>.<name>')
  .requiredOption('--from <partition>', 'the first partition')
  .requiredOption('--to <partition>', 'the last partition')
  .option('--only-failed-or-missing', 'skip partitions that already succeeded', false)
  .option('--concurrency <n>', 'units running at once across all workers')
  .option('--dry-run', 'print the units that would run, run nothing', false)
  .option('--no-wait', 'print the run and return at once')
  .action((pipeline: string, _options, command: Command) => pipelinesBackfill(pipeline, client(command) as never));

program
  .command('services')
  .description('provision the real services for tests and local runs: up|down|status|env [service...]')
  .argument('[args...]', 'passed to scripts/services.sh')
  .action(services);

program.parseAsync(process.argv).catch((error: Error & { code?: string }) => {
  process.stderr.write(`meshgate: ${error.code ? `${error.code}: ` : ''}${error.message}\n`);
  process.exitCode = 1;
});
