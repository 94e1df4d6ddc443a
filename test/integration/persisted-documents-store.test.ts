/**
 * The registered-documents store on the platform database, PostgreSQL and PGlite: what one
 * gateway registers another gateway of the deployment serves, the table keeps at most its bound
 * (least recently used go first), and a row whose text is not its hash's is never served.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { createLogger } from '../../src/observability/index.ts';
import { createPglitePlatformDatabase, createPostgresPlatformDatabase, type PlatformDatabase } from '../../src/sources/index.ts';
import { createPersistedDocumentStore, documentHash } from '../../src/gateway/trusted-documents/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';

const logger = createLogger({ level: 'silent' });
const doc = (n: number) => `query Q${n} { __typename }`;

const adapters: { name: string; open: () => Promise<{ db: PlatformDatabase; close: () => Promise<void> }> }[] = [
  {
    name: 'PostgreSQL',
    async open() {
      const database: TestDatabase = await createTestDatabase('mg_apq');
      const db = createPostgresPlatformDatabase(database.url);
      const close = async () => {
        await db.close();
        await database.drop();
      };
      return { db, close };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const pglite = await PGlite.create('memory://');
      const db = createPglitePlatformDatabase(pglite);
      const close = async () => {
        await db.close();
        await pglite.close();
      };
      return { db, close };
    },
  },
];

for (const adapter of adapters) {
  describe(`persisted documents on ${adapter.name}`, () => {
    let opened: { db: PlatformDatabase; close: () => Promise<void> };
    before(async () => {
      opened = await adapter.open();
    });
    after(() => opened?.close());

    const store = () => createPersistedDocumentStore({ db: opened.db, logger, cacheEntries: 10, maxStored: 3 });

    it('a document one gateway registers is served by another gateway of the deployment', async () => {
      const [first, second] = [await store(), await store()];
      assert.equal(await second.get(documentHash(doc(1))), undefined);
      await first.put(documentHash(doc(1)), doc(1));
      assert.equal(await second.get(documentHash(doc(1))), doc(1));
    });

    it('keeps at most its bound in the database, evicting the least recently used', async () => {
      const writer = await store();
      for (const n of [2, 3]) await writer.put(documentHash(doc(n)), doc(n));
      // Document 1 was used last by the reader above; 2 is now the least recently used.
      await (await store()).get(documentHash(doc(1)));
      await writer.put(documentHash(doc(4)), doc(4));
      const rows = await opened.db.query<{ hash: string }>('SELECT hash FROM meshgate_persisted_documents');
      assert.deepEqual(new Set(rows.map((r) => r.hash)), new Set([1, 3, 4].map((n) => documentHash(doc(n)))));
      assert.equal(await (await store()).get(documentHash(doc(2))), undefined, 'an evicted document is a miss: the client registers it again');
    });

    it('never stores a text under another hash, and never serves a row edited to another text', async () => {
      const writer = await store();
      await writer.put(documentHash(doc(5)), doc(6));
      assert.equal(await (await store()).get(documentHash(doc(5))), undefined);
      await writer.put(documentHash(doc(7)), doc(7));
      await opened.db.query('UPDATE meshgate_persisted_documents SET document = $1 WHERE hash = $2', ['mutation { drop }', documentHash(doc(7))]);
      assert.equal(await (await store()).get(documentHash(doc(7))), undefined);
    });
  });
}
