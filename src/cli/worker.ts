/**
 * `meshgate worker`: a process that works pipeline units from the queue in
 * the platform's PostgreSQL (run as many as the load needs, on any number of
 * machines). The embedded profile has one process by construction (PGlite),
 * so there `meshgate serve` works the units itself.
 */
import { configFromEnv, loadDomains, openGovernance, openLake, openPipelines, openSources } from '../gateway/index.ts';
import { createLogger } from '../observability/index.ts';

export async function worker(options: { concurrency?: string }): Promise<void> {
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) {
    throw new Error(`--concurrency must be an integer from 1 to 64, got "${options.concurrency}"`);
  }
  const config = configFromEnv();
  if (config.profile.kind === 'embedded') {
    throw new Error(
      'meshgate worker needs the services profile (DATABASE_URL and MONGO_URL); on the embedded profile `meshgate serve` works pipeline units itself',
    );
  }
  const logger = createLogger({ level: config.logLevel as never });
  const products = await loadDomains(config.domainsDir);
  const sources = await openSources(config.profile);
  const governance = await openGovernance(config, products, sources.platform, logger);
  const lake = await openLake(config, products, sources.platform, governance, logger);
  const pipelines = await openPipelines(config, products, { sources, governance, lake, logger }, { worker: true, concurrency });
  logger.info({ concurrency: concurrency ?? 'default', pipelines: pipelines.api.pipelines.map((p) => p.id) }, 'meshgate worker running');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'worker stopping: running units finish or are released');
    await pipelines.close();
    await lake.close();
    await governance.close();
    await sources.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
