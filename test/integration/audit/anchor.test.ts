/**
 * The access log beyond the database, on both profiles (PGlite + s3rver; PostgreSQL + versitygw):
 * signed digests in the object store, `audit verify` against them (a chain rewritten from record N
 * with a consistent head is named at N; a deleted or forged digest is named), and retention to
 * Parquet in the lake, still verified.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { canonicalJson, createAuditLog, DIGEST_PREFIX, recordHash, writeDigests, archiveRecords } from '../../../src/audit/index.ts';
import type { AccessRecordInput } from '../../../src/audit/index.ts';
import { parquetToRecords, recordsToParquet } from '../../../src/audit/anchor/record-parquet.ts';
import { SELECT_RECORD, rowToRecord } from '../../../src/audit/store.ts';
import { openAnchorFixture, verifyWith, type AnchorFixture, type AnchorProfile } from '../../support/audit-anchor.ts';
import { sampleInput } from '../../unit/audit/fixtures.ts';

const profiles: AnchorProfile[] = ['embedded', 'services'];

for (const profile of profiles) {
  describe(`access log anchor (${profile})`, () => {
    let fx: AnchorFixture;
    const anchor = () => ({ store: fx.store, verifyKey: fx.key.publicKey });
    const digest = () => writeDigests({ db: fx.db, store: fx.store, key: fx.key });

    before(async () => {
      fx = await openAnchorFixture(profile);
    });
    after(async () => fx?.close());

    /** An empty log, no digests, no archive; then `n` records appended. */
    async function fresh(inputs: AccessRecordInput[]): Promise<void> {
      const log = await createAuditLog({ db: fx.db });
      await fx.db.query('TRUNCATE meshgate_access_log');
      await fx.db.query(`UPDATE meshgate_access_log_head SET seq = 0, hash = repeat('0', 64)`);
      await fx.db.query('DROP TABLE IF EXISTS meshgate_access_log_digest_head, meshgate_access_log_archive');
      for await (const object of fx.store.list('_audit/')) await fx.store.delete(object.key);
      await append(inputs, log);
    }

    async function append(inputs: AccessRecordInput[], log?: Awaited<ReturnType<typeof createAuditLog>>): Promise<void> {
      const target = log ?? (await createAuditLog({ db: fx.db }));
      await Promise.all(inputs.map((input) => target.append(input)));
      await target.close();
    }

    const inputs = (from: number, n: number) => Array.from({ length: n }, (_, i) => sampleInput(from + i));

    async function digestObjects(): Promise<{ key: string; digest: Record<string, any> }[]> {
      const found = [];
      for await (const object of fx.store.list(DIGEST_PREFIX)) {
        found.push({ key: object.key, digest: JSON.parse(String(await fx.store.get(object.key))) });
      }
      return found;
    }

    it('writes signed digests that name their predecessor; verify passes through them', async () => {
      await fresh(inputs(0, 30));
      const [first] = await digest();
      assert.match(first, /^_audit\/digests\/\d{4}\/\d\d\/\d\d\/0{14}30-\d{8}T\d{6}Z\.json$/);
      assert.deepEqual(await digest(), [], 'nothing new: no digest');
      await append(inputs(30, 20));
      const [second] = await digest();
      const digests = await digestObjects();
      assert.deepEqual(
        digests.map((d) => d.key),
        [first, second],
      );
      const [a, b] = digests.map((d) => d.digest);
      assert.deepEqual([a.firstSeq, a.headSeq, a.previousKey, b.firstSeq, b.headSeq, b.previousKey], [1, 30, null, 31, 50, first]);
      assert.equal(b.keyId, fx.key.keyId);
      for (const { signature, ...signed } of [a, b]) {
        assert.ok(verify(null, Buffer.from(canonicalJson(signed)), fx.key.publicKey, Buffer.from(signature, 'base64')), 'Ed25519 signature verifies');
      }
      const result = await verifyWith(fx.db, anchor());
      assert.equal(result.code, 0, result.text);
      assert.match(result.text, /OK: 50 records verified.*2 signed digests verified, covering seq 1\.\.50/);
    });

    it('names record N of a chain rewritten from N onwards with a consistent head', async () => {
      await fresh(inputs(0, 30));
      await digest();
      await append(inputs(30, 30));
      await digest();
      await rewriteFrom(40);
      const chainOnly = await verifyWith(fx.db);
      assert.equal(chainOnly.code, 0, `the hash chain alone cannot see it: ${chainOnly.text}`);
      const result = await verifyWith(fx.db, anchor());
      assert.equal(result.code, 1, result.text);
      assert.match(result.text, /TAMPERED \(rewritten\) at seq 40: record seq 40 \(request req-39, .*does not match its digest/);
    });

    it('names a rewritten chain whose tail and head were cut back to before the last digest', async () => {
      await fresh(inputs(0, 30));
      await digest();
      await fx.db.query('DELETE FROM meshgate_access_log WHERE seq > 25');
      const [row] = await fx.db.query('SELECT hash FROM meshgate_access_log WHERE seq = 25');
      await fx.db.query('UPDATE meshgate_access_log_head SET seq = 25, hash = $1', [row.hash]);
      assert.equal((await verifyWith(fx.db)).code, 0);
      const result = await verifyWith(fx.db, anchor());
      assert.equal(result.code, 1, result.text);
      assert.match(result.text, /\(deleted\) at seq 26: seq 26\.\.30 are missing at the end of the log: the signed digests cover up to seq 30/);
    });

    it('names a deleted digest and a forged one', async () => {
      await fresh(inputs(0, 10));
      const [first] = await digest();
      await append(inputs(10, 10));
      const [second] = await digest();
      await append(inputs(20, 10));
      await digest();
      const saved = (await fx.store.get(second)) as Buffer;
      await fx.store.delete(second);
      const missing = await verifyWith(fx.db, anchor());
      assert.equal(missing.code, 1, missing.text);
      assert.match(missing.text, new RegExp(`TAMPERED \\(digest-missing\\): digest ${second} is missing: .* names it as its predecessor`));

      const forged = JSON.parse(saved.toString());
      forged.headHash = 'f'.repeat(64);
      await fx.store.put(second, Buffer.from(JSON.stringify(forged)));
      const result = await verifyWith(fx.db, anchor());
      assert.equal(result.code, 1, result.text);
      assert.match(result.text, new RegExp(`TAMPERED \\(digest-forged\\): digest ${second} has a signature that does not verify`));
      await fx.store.put(second, saved);
      assert.equal((await verifyWith(fx.db, anchor())).code, 0, 'restored');
      assert.ok(first);

      const last = (await digestObjects()).at(-1)?.key as string;
      await fx.store.delete(last);
      const cut = await verifyWith(fx.db, { ...anchor(), digestIntervalMs: 60_000 });
      assert.equal(cut.code, 1, cut.text);
      assert.match(
        cut.text,
        new RegExp(`TAMPERED \\(digest-missing\\): records from seq 21 .* are signed by no digest .*: digests after ${second} are missing`),
      );
    });

    it('two writers appending and digesting at once keep one consistent chain of digests', async () => {
      await fresh([]);
      const logs = await Promise.all([createAuditLog({ db: fx.db }), createAuditLog({ db: fx.db })]);
      for (let round = 0; round < 4; round++) {
        await Promise.all([...inputs(round * 20, 20).map((input, i) => logs[i % 2].append(input)), digest(), digest()]);
      }
      await Promise.all(logs.map((log) => log.close()));
      await digest();
      const result = await verifyWith(fx.db, anchor());
      assert.equal(result.code, 0, result.text);
      assert.match(result.text, /OK: 80 records verified.*covering seq 1\.\.80/);
    });

    it('retention moves old records to Parquet in the lake, deletes them, still verifies, and names an edit inside an archived range', async () => {
      const recent = Array.from({ length: 10 }, (_, i) => sampleInput(100 + i, { time: new Date(Date.now() - i * 1000) }));
      await fresh(inputs(0, 40));
      await append(recent);
      await digest();
      const ranges = await archiveRecords({ db: fx.db, store: fx.store, retentionDays: 30, anchored: true, chunk: 15 });
      assert.deepEqual(
        ranges.map((r) => [r.firstSeq, r.lastSeq]),
        [
          [1, 15],
          [16, 30],
          [31, 40],
        ],
      );
      assert.match(ranges[0].key, /^_audit\/records\/dt=2026-01-01\/1-15\.parquet$/);
      const [{ n, lo }] = await fx.db.query('SELECT count(*)::int AS n, min(seq)::int AS lo FROM meshgate_access_log');
      assert.deepEqual([n, lo], [10, 41]);
      const index = await fx.db.query('SELECT first_seq::int, last_seq::int, key, records FROM meshgate_access_log_archive ORDER BY first_seq');
      assert.deepEqual(
        index.map((r) => r.records),
        [15, 15, 10],
      );
      const intact = await verifyWith(fx.db, anchor());
      assert.equal(intact.code, 0, intact.text);
      assert.match(intact.text, /OK: 50 records verified.*\(3 archived ranges read from the lake\)/);

      const body = (await fx.store.get(ranges[1].key)) as Buffer;
      const stored = await parquetToRecords(body);
      stored[4].record.actor = { ...stored[4].record.actor, roles: ['admin'] };
      await fx.store.put(ranges[1].key, await recordsToParquet(stored));
      const edited = await verifyWith(fx.db, anchor());
      assert.equal(edited.code, 1, edited.text);
      assert.match(edited.text, /\(edited\) at seq 20: record seq 20 /);
      await fx.store.delete(ranges[1].key);
      const gone = await verifyWith(fx.db, anchor());
      assert.match(gone.text, /\(deleted\) at seq 16: seq 16\.\.30 were archived to .*, which is missing from the object store/);
    });

    /** What an attacker with database access does: change record `from`, recompute every hash after it, move the head. */
    async function rewriteFrom(from: number): Promise<void> {
      const rows = await fx.db.query(`${SELECT_RECORD} WHERE seq >= $1 ORDER BY seq`, [from - 1]);
      let previous = rowToRecord(rows[0]);
      for (const row of rows.slice(1)) {
        const { hash: _old, ...record } = rowToRecord(row);
        if (record.seq === from) record.actor = { ...record.actor, roles: ['admin'] };
        record.prevHash = previous.hash;
        const hash = recordHash(record);
        await fx.db.query('UPDATE meshgate_access_log SET actor = $2::jsonb, prev_hash = $3, hash = $4 WHERE seq = $1', [
          record.seq,
          JSON.stringify(record.actor),
          record.prevHash,
          hash,
        ]);
        previous = { ...record, hash };
      }
      await fx.db.query('UPDATE meshgate_access_log_head SET seq = $1, hash = $2', [previous.seq, previous.hash]);
    }
  });
}
