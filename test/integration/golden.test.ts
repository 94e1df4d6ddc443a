/**
 * Golden queries per demo domain, on the embedded profile and on the real
 * services (PostgreSQL + FerretDB): the exact response, and at most the
 * statements each file allows — the same on both profiles.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectedResponse, loadGoldenQueries } from '../support/golden.ts';
import { startTestGateway, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

const GOLDEN_SCALE = 0.1;

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`golden queries (${profile} profile)`, () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ profile, scale: GOLDEN_SCALE });
    });
    after(() => gateway?.close());

    for (const golden of loadGoldenQueries()) {
      it(golden.id, async () => {
        gateway.resetCounts();
        const response = await gateway.query(golden.query, golden.variables);
        const counts = gateway.counts();
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.equal(response.body.errors, undefined, JSON.stringify(response.body.errors));
        assert.deepEqual(response.body, expectedResponse(golden, response.body));
        assert.ok(counts.relational <= golden.maxRelational, `${counts.relational} SQL statements, at most ${golden.maxRelational} allowed`);
        assert.ok(counts.documents <= golden.maxDocuments, `${counts.documents} document commands, at most ${golden.maxDocuments} allowed`);
      });
    }
  });
}
