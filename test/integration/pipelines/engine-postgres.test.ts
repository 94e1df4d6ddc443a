/** The engine on the services profile: a fresh PostgreSQL database, two engines with their own pools. */
import { describe } from 'node:test';
import { createPostgresPlatformDatabase, type PlatformDatabase } from '../../../src/sources/index.ts';
import { engineSuite, scheduleSuite, type EngineProfile } from '../../support/pipeline-engine-suite.ts';
import { createTestDatabase } from '../../support/postgres-database.ts';

const profile: EngineProfile = {
  async open() {
    const database = await createTestDatabase('meshgate_pipe');
    const pools: PlatformDatabase[] = [];
    return {
      connect: () => {
        const db = createPostgresPlatformDatabase(database.url, 4);
        pools.push(db);
        return { db, boss: { kind: 'postgres', connection: database.url, max: 3 } };
      },
      async close() {
        await Promise.allSettled(pools.map((db) => db.close()));
        await database.drop();
      },
    };
  },
};

describe('pipelines engine on PostgreSQL', () => engineSuite(profile));
describe('pipelines engine schedules on PostgreSQL', () => scheduleSuite(profile));
