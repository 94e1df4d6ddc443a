import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { createLocalBroker, type EventBroker } from '../../../src/sources/index.ts';
import { liveSchema } from '../../../src/lake/live/index.ts';
import { createSubscriberQueue } from '../../../src/lake/live/subscriber-queue.ts';
import { liveScenarios } from './live-scenarios.ts';
import { freshEngagement } from './sink-support.ts';

let dir: string;
let broker: EventBroker;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshgate-live-'));
  broker = await createLocalBroker({ dir: join(dir, 'log') });
});

after(async () => {
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

liveScenarios('local broker', () => broker);

describe('live schema', () => {
  test('one subscription per dataset with typed, nullable fields and an operational-shaped where', () => {
    const { runtimes, product } = freshEngagement();
    const sdl = printSchema(liveSchema(runtimes));
    const base = `${product.name[0]!.toUpperCase()}${product.name.slice(1)}`;
    assert.match(sdl, new RegExp(`${product.name}Viewed\\(where: ${base}ViewedLiveWhere\\): ${base}ViewedLiveEvent!`));
    assert.match(sdl, new RegExp(`${product.name}Purchased\\(where: ${base}PurchasedLiveWhere\\)`));
    const event = sdl.slice(sdl.indexOf(`type ${base}ViewedLiveEvent {`));
    assert.match(event, /eventId: ID!\n/);
    assert.match(event, /occurredAt: DateTime\n/);
    assert.match(event, /durationMs: Int\n/);
    const where = sdl.slice(sdl.indexOf(`input ${base}ViewedLiveWhere {`));
    assert.match(where, /and: \[\w+LiveWhere!\]\n\s+or: .*\n\s+not: \w+LiveWhere\n/);
    assert.match(where, /country: StringFilter\n/);
    assert.match(sdl, /input StringFilter \{[^}]*contains: String[^}]*isNull: Boolean/);
  });
});

describe('subscriber queue', () => {
  test('never blocks the producer: overflow is reported, queued values drain before the error', async () => {
    let done = 0;
    const queue = createSubscriberQueue<number>(2, () => done++);
    assert.equal(queue.push(1), 'queued');
    assert.equal(queue.push(2), 'queued');
    assert.equal(queue.push(3), 'overflow');
    queue.fail(Object.assign(new Error('slow'), { code: 'SLOW_SUBSCRIBER' }));
    assert.equal(queue.push(4), 'closed');
    assert.deepEqual(
      [await queue.next(), await queue.next()],
      [
        { value: 1, done: false },
        { value: 2, done: false },
      ],
    );
    await assert.rejects(queue.next(), /slow/);
    assert.equal(done, 1);
  });

  test('a waiting reader gets a pushed value at once, and return() ends it', async () => {
    let done = 0;
    const queue = createSubscriberQueue<string>(1, () => done++);
    const waiting = queue.next();
    queue.push('a');
    assert.deepEqual(await waiting, { value: 'a', done: false });
    const pending = queue.next();
    await queue.return();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.equal(done, 1);
    assert.equal(queue.push('b'), 'closed');
  });
});
