import { PGlite } from '@electric-sql/pglite';
import { createPgliteSource } from '../../src/sources/index.ts';
import { runRecordSourceContract } from './record-source.contract.ts';

runRecordSourceContract('pglite (typed columns)', async () => {
  const db = await PGlite.create();
  return { source: createPgliteSource({ db }), schema: 'contract "schema"', cleanup: () => db.close() };
});
