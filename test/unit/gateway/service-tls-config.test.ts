/**
 * TLS to the services from the environment: PostgreSQL (`sslmode` in DATABASE_URL with libpq's
 * meanings, MESHGATE_DATABASE_CA_FILE), MongoDB (MESHGATE_MONGO_CA_FILE), Kafka (KAFKA_SSL,
 * KAFKA_CA_FILE, KAFKA_SASL_*) and S3 (S3_CA_FILE); each invalid or conflicting value names its variable.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refusesConfig } from '../../support/config-refusal.ts';
import { configFromEnv, type Profile } from '../../../src/gateway/index.ts';
import { pgConnectionConfig } from '../../../src/sources/index.ts';
import { selfSignedCertificate, type TlsFiles } from '../../support/tls-files.ts';

const MONGO = 'mongodb://127.0.0.1:57017/';
const PG = 'postgres://u:p@db.example.com:5432/app';

function database(env: Record<string, string>): Extract<Profile, { kind: 'services' }>['database'] {
  const profile = configFromEnv({ MONGO_URL: MONGO, ...env }).profile;
  assert.equal(profile.kind, 'services');
  return profile.database;
}

let ca: TlsFiles;
before(() => {
  ca = selfSignedCertificate('ca');
});
after(() => ca?.remove());

describe('PostgreSQL TLS', () => {
  test('a URL without sslmode and no CA file is left to node-postgres as it was', () => {
    assert.deepEqual(database({ DATABASE_URL: `${PG}?application_name=x` }), { connectionString: `${PG}?application_name=x` });
  });

  test('sslmode takes libpq meanings and leaves the URL, other parameters kept', () => {
    assert.deepEqual(database({ DATABASE_URL: `${PG}?sslmode=disable&application_name=x` }), { connectionString: `${PG}?application_name=x`, tls: false });
    assert.deepEqual(database({ DATABASE_URL: `${PG}?sslmode=require` }).tls, { verify: 'none', ca: undefined });
    assert.deepEqual(database({ DATABASE_URL: `${PG}?sslmode=verify-full` }), { connectionString: PG, tls: { verify: 'full', ca: undefined } });
    const withCa = database({ DATABASE_URL: `${PG}?sslmode=require`, MESHGATE_DATABASE_CA_FILE: ca.certFile });
    assert.deepEqual(withCa.tls, { verify: 'ca', ca: ca.cert }, 'require with a root certificate verifies the chain (libpq)');
    assert.deepEqual(
      database({ DATABASE_URL: PG, MESHGATE_DATABASE_CA_FILE: ca.certFile }).tls,
      { verify: 'full', ca: ca.cert },
      'a CA file alone means verify-full',
    );
    assert.deepEqual(database({ DATABASE_URL: `${PG}?sslmode=verify-ca&sslrootcert=${ca.certFile}` }).tls, { verify: 'ca', ca: ca.cert });
  });

  test('what reaches node-postgres: the decided TLS options', () => {
    const full = pgConnectionConfig(database({ DATABASE_URL: `${PG}?sslmode=verify-full`, MESHGATE_DATABASE_CA_FILE: ca.certFile }));
    assert.deepEqual(full, { connectionString: PG, ssl: { ca: ca.cert, rejectUnauthorized: true } });
    const verifyCa = pgConnectionConfig(database({ DATABASE_URL: `${PG}?sslmode=verify-ca`, MESHGATE_DATABASE_CA_FILE: ca.certFile }));
    assert.equal(typeof (verifyCa.ssl as { checkServerIdentity?: unknown }).checkServerIdentity, 'function');
    assert.deepEqual(pgConnectionConfig(database({ DATABASE_URL: `${PG}?sslmode=require` })).ssl, { rejectUnauthorized: false });
  });

  test('invalid modes and conflicting or unreadable CA files are refused', () => {
    refusesConfig(
      { DATABASE_URL: `${PG}?sslmode=prefer`, MONGO_URL: MONGO },
      'DATABASE_URL',
      /sslmode must be disable, require, verify-ca or verify-full .*got "prefer"/,
    );
    refusesConfig(
      { DATABASE_URL: `${PG}?sslmode=disable`, MONGO_URL: MONGO, MESHGATE_DATABASE_CA_FILE: ca.certFile },
      'MESHGATE_DATABASE_CA_FILE',
      /not used with sslmode=disable/,
    );
    refusesConfig(
      { DATABASE_URL: `${PG}?sslmode=verify-full&sslrootcert=${ca.certFile}`, MONGO_URL: MONGO, MESHGATE_DATABASE_CA_FILE: ca.certFile },
      'MESHGATE_DATABASE_CA_FILE',
      /both name the root certificate/,
    );
    refusesConfig({ DATABASE_URL: PG, MONGO_URL: MONGO, MESHGATE_DATABASE_CA_FILE: `${ca.dir}/none.crt` }, 'MESHGATE_DATABASE_CA_FILE', /cannot read/);
    refusesConfig({ DATABASE_URL: PG, MONGO_URL: MONGO, MESHGATE_DATABASE_CA_FILE: ca.keyFile }, 'MESHGATE_DATABASE_CA_FILE', /must hold PEM certificates/);
    refusesConfig({ MESHGATE_DATABASE_CA_FILE: ca.certFile }, 'MESHGATE_DATABASE_CA_FILE', /not used by the embedded profile/);
  });
});

describe('MongoDB TLS', () => {
  test('MESHGATE_MONGO_CA_FILE is passed as the driver file; tls=false in the URL conflicts', () => {
    const profile = configFromEnv({ DATABASE_URL: PG, MONGO_URL: `${MONGO}?tls=true`, MESHGATE_MONGO_CA_FILE: ca.certFile }).profile;
    assert.equal(profile.kind === 'services' && profile.mongoTlsCAFile, ca.certFile);
    refusesConfig(
      { DATABASE_URL: PG, MONGO_URL: `${MONGO}?tls=false`, MESHGATE_MONGO_CA_FILE: ca.certFile },
      'MESHGATE_MONGO_CA_FILE',
      /MONGO_URL says tls=false/,
    );
    refusesConfig({ DATABASE_URL: PG, MONGO_URL: MONGO, MESHGATE_MONGO_CA_FILE: ca.keyFile }, 'MESHGATE_MONGO_CA_FILE', /must hold PEM certificates/);
    refusesConfig({ MESHGATE_MONGO_CA_FILE: ca.certFile }, 'MESHGATE_MONGO_CA_FILE', /not used by the embedded profile/);
  });
});

describe('Kafka TLS and SASL', () => {
  const broker = (env: Record<string, string>) => configFromEnv({ KAFKA_BROKERS: 'k1:9093', ...env }).lake.broker;

  test('plaintext by default; SSL with or without a private CA; SASL with its credentials', () => {
    assert.deepEqual(broker({}), { kind: 'kafka', brokers: ['k1:9093'], ssl: undefined, sasl: undefined });
    assert.deepEqual(broker({ KAFKA_SSL: 'true' }), { kind: 'kafka', brokers: ['k1:9093'], ssl: {}, sasl: undefined });
    assert.deepEqual(
      broker({ KAFKA_SSL: 'true', KAFKA_CA_FILE: ca.certFile, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
      { kind: 'kafka', brokers: ['k1:9093'], ssl: { ca: ca.cert }, sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } },
    );
  });

  test('each invalid or incomplete setting names its variable', () => {
    refusesConfig({ KAFKA_BROKERS: 'k1:9093', KAFKA_SSL: 'yes' }, 'KAFKA_SSL', /must be true or false/);
    refusesConfig({ KAFKA_BROKERS: 'k1:9093', KAFKA_CA_FILE: ca.certFile }, 'KAFKA_CA_FILE', /needs KAFKA_SSL=true/);
    refusesConfig({ KAFKA_BROKERS: 'k1:9093', KAFKA_SSL: 'true', KAFKA_CA_FILE: ca.keyFile }, 'KAFKA_CA_FILE', /must hold PEM certificates/);
    refusesConfig(
      { KAFKA_BROKERS: 'k1:9093', KAFKA_SASL_MECHANISM: 'gssapi' },
      'KAFKA_SASL_MECHANISM',
      /must be plain, scram-sha-256 or scram-sha-512, got "gssapi"/,
    );
    refusesConfig(
      { KAFKA_BROKERS: 'k1:9093', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p' },
      'KAFKA_SASL_USERNAME',
      /must be set when KAFKA_SASL_MECHANISM is/,
    );
    refusesConfig(
      { KAFKA_BROKERS: 'k1:9093', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' },
      'KAFKA_SASL_PASSWORD',
      /must be set when KAFKA_SASL_MECHANISM is/,
    );
    refusesConfig({ KAFKA_BROKERS: 'k1:9093', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_USERNAME', /needs KAFKA_SASL_MECHANISM/);
    refusesConfig({ KAFKA_SSL: 'true' }, 'KAFKA_SSL', /not used without KAFKA_BROKERS/);
  });
});

describe('S3 TLS', () => {
  const s3 = { S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 's' };
  test('S3_CA_FILE reaches the store settings of an https endpoint', () => {
    const store = configFromEnv({ ...s3, S3_ENDPOINT: 'https://s3.internal:9000', S3_CA_FILE: ca.certFile }).lake.store;
    assert.equal(store.kind === 's3' && store.ca, ca.cert);
  });
  test('S3_CA_FILE needs an https endpoint and a certificate', () => {
    refusesConfig({ ...s3, S3_ENDPOINT: 'http://s3.internal:9000', S3_CA_FILE: ca.certFile }, 'S3_CA_FILE', /needs an https:\/\/ S3_ENDPOINT/);
    refusesConfig({ S3_CA_FILE: ca.certFile }, 'S3_CA_FILE', /needs an https:\/\/ S3_ENDPOINT/);
    refusesConfig({ ...s3, S3_ENDPOINT: 'https://s3.internal:9000', S3_CA_FILE: ca.keyFile }, 'S3_CA_FILE', /must hold PEM certificates/);
  });
});
