import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runServerAudits } from './audits.ts';
import { startTestServer } from './fixtures.ts';
import type { RunningServer } from './fixtures.ts';

let running: RunningServer;
before(async () => {
  running = await startTestServer();
});
after(() => running.close());

test('the /graphql endpoint passes every MUST audit of graphql-http', async () => {
  const { failures, warnings } = await runServerAudits(`${running.url}/graphql`);
  for (const warning of warnings) console.log(`accepted audit warning: ${warning}`);
  assert.deepEqual(failures, []);
});
