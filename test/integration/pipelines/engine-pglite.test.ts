/** The engine on the embedded profile: one PGlite holds the platform tables and pg-boss's, shared by two engines. */
import { describe } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { createPglitePlatformDatabase } from '../../../src/sources/index.ts';
import { engineSuite, scheduleSuite, type EngineProfile } from '../../support/pipeline-engine-suite.ts';

const profile: EngineProfile = {
  async open() {
    const pg = new PGlite();
    const db = createPglitePlatformDatabase(pg);
    return { connect: () => ({ db, boss: { kind: 'pglite', db: pg } }), close: () => pg.close() };
  },
};

describe('pipelines engine on PGlite', () => engineSuite(profile));
describe('pipelines engine schedules on PGlite', () => scheduleSuite(profile));
