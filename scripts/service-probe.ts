// Readiness probe for the local test services, used by scripts/services.sh.
//
//   node scripts/service-probe.ts mongo|s3 [timeoutSeconds]
//
// Reads the MESHGATE_TEST_* variables (scripts/services.env.sh). Retries until the
// service answers or the timeout passes; exits 0 when ready, 1 with the last error.
// `mongo` passes when a ping answers; `s3` creates the test bucket if it is missing
// and passes when ListBuckets lists it.
import { MongoClient } from 'mongodb';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

type ProbeName = 'mongo' | 's3';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (source scripts/services.env.sh)`);
  return value;
}

async function pingMongo(): Promise<void> {
  const client = new MongoClient(requireEnv('MESHGATE_TEST_MONGO_URL'), {
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
  });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

async function ensureBucket(): Promise<void> {
  const bucket = requireEnv('MESHGATE_TEST_S3_BUCKET');
  const s3 = new S3Client({
    endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
    region: requireEnv('MESHGATE_TEST_S3_REGION'),
    forcePathStyle: true,
    credentials: {
      accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
      secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
    },
  });
  try {
    const listed = await s3.send(new ListBucketsCommand({}));
    if (listed.Buckets?.some((b) => b.Name === bucket)) return;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const relisted = await s3.send(new ListBucketsCommand({}));
    if (!relisted.Buckets?.some((b) => b.Name === bucket)) {
      throw new Error(`bucket ${bucket} was created but ListBuckets does not list it`);
    }
  } finally {
    s3.destroy();
  }
}

function probeFor(name: ProbeName): () => Promise<void> {
  switch (name) {
    case 'mongo':
      return pingMongo;
    case 's3':
      return ensureBucket;
    default: {
      const unreachable: never = name;
      throw new Error(`unknown probe ${String(unreachable)}`);
    }
  }
}

async function retryUntil(probe: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

const [name, timeoutArg] = process.argv.slice(2);
if (name !== 'mongo' && name !== 's3') {
  console.error('usage: node scripts/service-probe.ts mongo|s3 [timeoutSeconds]');
  process.exit(2);
}
try {
  await retryUntil(probeFor(name), Number(timeoutArg ?? 60) * 1000);
} catch (error) {
  console.error(`${name} probe failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
