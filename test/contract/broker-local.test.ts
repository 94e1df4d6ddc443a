import { after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBroker } from '../../src/sources/index.ts';
import { runBrokerContract } from './broker.contract.ts';

// One directory for the whole suite: reopening it is the restart the contract checks.
const dir = await mkdtemp(join(tmpdir(), 'meshgate-broker-'));
after(() => rm(dir, { recursive: true, force: true }));

let counter = 0;
runBrokerContract('local', {
  open: () => createLocalBroker({ dir }),
  unique: (label) => `${label}-${++counter}`,
});
