import { PGlite } from '@electric-sql/pglite';
import { createPgliteDocumentSource } from '../../src/sources/index.ts';
import { runRecordSourceContract } from './record-source.contract.ts';

runRecordSourceContract('pglite-document (JSONB documents)', async () => {
  const db = await PGlite.create();
  return { source: createPgliteDocumentSource({ db }), schema: 'documents', cleanup: () => db.close() };
});
