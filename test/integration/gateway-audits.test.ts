/** graphql-http's server audits against the real gateway: zero MUST failures. */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { runServerAudits } from '../unit/http/audits.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gateway: TestGateway;
before(async () => {
  gateway = await startTestGateway({ profile: 'embedded' });
});
after(() => gateway?.close());

it('passes every MUST audit of the GraphQL-over-HTTP spec', async () => {
  const { failures, warnings } = await runServerAudits(`${gateway.url}/graphql`);
  for (const warning of warnings) console.log(`accepted audit warning: ${warning}`);
  assert.deepEqual(failures, []);
});
