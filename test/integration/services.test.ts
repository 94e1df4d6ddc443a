// The four real services that `scripts/services.sh up` provisions answer real
// round trips through the same client libraries the adapters use. Nothing is
// skipped: a service that is down fails here with the env variable and the fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MongoClient } from 'mongodb';
import { Kafka, logLevel } from 'kafkajs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from '../support/required-env.ts';

const HINT = 'start the services with `bash scripts/services.sh up` and `. scripts/services.env.sh`';

/** Runs `body`, turning a connection failure into a message naming the service and the fix. */
async function against<T>(service: string, url: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${service} at ${url} failed: ${reason}\n(${HINT})`, { cause: error });
  }
}

describe('real services provisioned by scripts/services.sh', () => {
  test('PostgreSQL 15 accepts the meshgate user and round-trips a row', async () => {
    const url = requireEnv('MESHGATE_TEST_DATABASE_URL');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    await against('PostgreSQL', url, () => client.connect());
    try {
      const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
      assert.equal(version.rows[0].server_version_num.slice(0, 2), '15');
      await client.query('CREATE TEMP TABLE probe (id int PRIMARY KEY, note text)');
      await client.query('INSERT INTO probe VALUES ($1, $2)', [1, 'hello meshgate']);
      const read = await client.query<{ note: string }>('SELECT note FROM probe WHERE id = $1', [1]);
      assert.deepEqual(read.rows, [{ note: 'hello meshgate' }]);
    } finally {
      await client.end();
    }
  });

  test('FerretDB (MongoDB wire protocol) round-trips a document', async () => {
    const url = requireEnv('MESHGATE_TEST_MONGO_URL');
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    await against('FerretDB', url, () => client.connect());
    try {
      const collection = client.db('meshgate_services_test').collection(`probe_${Date.now()}`);
      await collection.insertOne({ _id: 'order-1' as never, total: 42.5, tags: ['a', 'b'] });
      const found = await collection.findOne({ total: { $gt: 40 } });
      assert.deepEqual(found, { _id: 'order-1', total: 42.5, tags: ['a', 'b'] });
      await collection.drop();
    } finally {
      await client.close();
    }
  });

  test('Kafka 4.1 produces and consumes one message on a fresh topic', { timeout: 60_000 }, async () => {
    const brokers = requireEnv('MESHGATE_TEST_KAFKA_BROKERS');
    const kafka = new Kafka({ clientId: 'meshgate-services-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const topic = `meshgate-probe-${randomUUID()}`;
    const admin = kafka.admin();
    await against('Kafka', brokers, () => admin.connect());
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `meshgate-probe-${randomUUID()}` });
    try {
      assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }), true);
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'user-1', value: 'viewed item x' }] });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<{ key: string; value: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 30 s`)), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve({ key: String(message.key), value: String(message.value) });
          },
        });
      });
      assert.deepEqual(received, { key: 'user-1', value: 'viewed item x' });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  test('S3 (versitygw) stores and returns an object in the lake bucket', async () => {
    const endpoint = requireEnv('MESHGATE_TEST_S3_ENDPOINT');
    const bucket = requireEnv('MESHGATE_TEST_S3_BUCKET');
    const s3 = new S3Client({
      endpoint,
      region: requireEnv('MESHGATE_TEST_S3_REGION'),
      forcePathStyle: true,
      credentials: {
        accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
        secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
      },
    });
    const key = `services-test/${randomUUID()}.json`;
    const body = JSON.stringify({ event: 'viewed', item: 'x' });
    try {
      await against('S3', endpoint, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' })));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      assert.equal(got.ContentType, 'application/json');
      assert.equal(await got.Body?.transformToString(), body);
    } finally {
      s3.destroy();
    }
  });
});
