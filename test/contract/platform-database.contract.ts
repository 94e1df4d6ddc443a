/** The platform database port: the same behaviour over PGlite and PostgreSQL. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PlatformDatabase } from '../../src/sources/index.ts';

export function runPlatformDatabaseContract(name: string, open: () => Promise<{ db: PlatformDatabase; cleanup(): Promise<void> }>) {
  describe(`platform database contract: ${name}`, () => {
    it('runs parameterised statements and returns rows', async () => {
      const { db, cleanup } = await open();
      try {
        await db.query('CREATE TABLE IF NOT EXISTS contract_kv (k text primary key, v int)');
        await db.query('INSERT INTO contract_kv VALUES ($1, $2)', ["it's", 1]);
        assert.deepEqual(await db.query('SELECT k, v FROM contract_kv WHERE k = $1', ["it's"]), [{ k: "it's", v: 1 }]);
      } finally {
        await cleanup();
      }
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const { db, cleanup } = await open();
      try {
        await db.query('CREATE TABLE IF NOT EXISTS contract_tx (n int)');
        await db.transaction(async (tx) => void (await tx.query('INSERT INTO contract_tx VALUES (1)')));
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.query('INSERT INTO contract_tx VALUES (2)');
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.deepEqual(await db.query('SELECT n FROM contract_tx ORDER BY n'), [{ n: 1 }]);
      } finally {
        await cleanup();
      }
    });

    it('delivers NOTIFY payloads to listeners until they unsubscribe', async () => {
      const { db, cleanup } = await open();
      try {
        const received: string[] = [];
        const unsubscribe = await db.listen('contract_channel', (p) => received.push(p));
        await db.notify('contract_channel', 'hello');
        for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(received, ['hello']);
        await unsubscribe();
        await db.notify('contract_channel', 'ignored');
        await new Promise((r) => setTimeout(r, 100));
        assert.deepEqual(received, ['hello']);
      } finally {
        await cleanup();
      }
    });
  });
}
