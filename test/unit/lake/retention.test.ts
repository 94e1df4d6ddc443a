/** Lake retention on the embedded parts: local broker, s3rver, PGlite. */
import { after, before, describe, test } from 'node:test';
import { ensureLakeCatalog } from '../../../src/lake/catalog/index.ts';
import { openEmbeddedLake, type EmbeddedLake } from './embedded-lake.ts';
import { retentionScenario } from './retention-scenarios.ts';

let lake: EmbeddedLake;

before(async () => {
  lake = await openEmbeddedLake('retention-test');
  await ensureLakeCatalog(lake.db);
});

after(() => lake.close());

describe('lake retention on s3rver and PGlite', () => {
  test('removes only wholly expired files (store, catalog), records and counts them, expires old claims; a dry run removes nothing', {
    timeout: 120_000,
  }, async () => {
    await retentionScenario(lake);
  });
});
