/** Shared by the audit tests: realistic access records and a fresh embedded platform database. */
import { PGlite } from '@electric-sql/pglite';
import { createPglitePlatformDatabase } from '../../../src/sources/index.ts';
import type { PlatformDatabase } from '../../../src/sources/index.ts';
import type { AccessRecordInput } from '../../../src/audit/index.ts';

export function sampleInput(i: number, overrides: Partial<AccessRecordInput> = {}): AccessRecordInput {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, i % 1000) + i * 1000),
    requestId: `req-${i}`,
    actor: { sub: `user-${i % 7}`, roles: ['analyst', 'viewer'], ip: '10.0.0.1', userAgent: 'test-agent/1.0' },
    operationName: i % 2 === 0 ? 'Orders' : 'Customers',
    operationType: 'query',
    document: `query Orders($first: Int) { commerce { orders(first: $first) { id } } } # ${i}`,
    variables: { first: 10 + i, filter: { zeta: 'z', alpha: [1, 2.5, { b: true, a: null }] }, password: 'hunter2' },
    resources: [
      {
        domain: 'commerce',
        plane: 'operational',
        subject: 'commerce.Order',
        action: 'read',
        fields: ['id', 'total'],
        rows: i % 50,
        decision: 'allow',
        rule: 'analyst#3',
      },
    ],
    status: 'ok',
    errorCodes: [],
    durationMs: 1.234567 + i / 7,
    ...overrides,
  };
}

export async function embeddedDatabase(): Promise<{ db: PlatformDatabase; pglite: PGlite; close(): Promise<void> }> {
  const pglite = new PGlite();
  await pglite.waitReady;
  const db = createPglitePlatformDatabase(pglite);
  return { db, pglite, close: () => pglite.close() };
}
