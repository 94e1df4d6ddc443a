/**
 * TLS (and Kafka's SASL) to the services: PostgreSQL, MongoDB, Kafka and S3. Each reads its own
 * variables; a CA file names a private CA the service's certificate must chain to (else the
 * system's roots). Invalid or conflicting values stop start-up naming the variable.
 */
import { ConfigError } from '../common/index.ts';
import type { KafkaSasl, PostgresConnection, PostgresTls } from '../sources/index.ts';
import { certificateAt, certificateFile, privateKeyAt } from './config-pem.ts';
import { booleanFrom, type Env } from './config-values.ts';

const SSL_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'];

/**
 * `DATABASE_URL`'s `sslmode` with libpq's meanings (disable, require, verify-ca, verify-full) and
 * `MESHGATE_DATABASE_CA_FILE`, or else the URL's `sslrootcert`, as the root certificate. A CA file
 * without an sslmode means verify-full. With neither, the URL is left to node-postgres as before.
 * `prefer` and `allow` are refused: node-postgres cannot fall back between TLS and plain.
 */
export function postgresConnectionFrom(env: Env, cwd: string, url: string): PostgresConnection {
  const queryAt = url.indexOf('?');
  const fromUrl = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  const mode = fromUrl.get('sslmode') ?? undefined;
  if (mode === undefined && !env.MESHGATE_DATABASE_CA_FILE) return { connectionString: url };
  // The ssl* parameters are decided here: left in the URL, node-postgres would override the decision with its own reading.
  const params = new URLSearchParams(fromUrl);
  for (const name of SSL_PARAMETERS) params.delete(name);
  const rest = params.toString();
  const connectionString = (queryAt === -1 ? url : url.slice(0, queryAt)) + (rest ? `?${rest}` : '');
  const rootInUrl = fromUrl.get('sslrootcert') ?? undefined;
  if (env.MESHGATE_DATABASE_CA_FILE && rootInUrl) {
    throw new ConfigError('MESHGATE_DATABASE_CA_FILE', 'and sslrootcert in DATABASE_URL both name the root certificate: keep one');
  }
  const caVariable = env.MESHGATE_DATABASE_CA_FILE ? 'MESHGATE_DATABASE_CA_FILE' : 'DATABASE_URL sslrootcert';
  const ca = certificateAt(env.MESHGATE_DATABASE_CA_FILE || rootInUrl, caVariable, cwd);
  if (mode === 'disable') {
    if (ca) throw new ConfigError(caVariable, 'is not used with sslmode=disable in DATABASE_URL: unset it or choose verify-full');
    return { connectionString, tls: false };
  }
  const tls: PostgresTls = { verify: verificationOf(mode, ca !== undefined), ca: ca?.pem };
  const cert = certificateAt(fromUrl.get('sslcert') ?? undefined, 'DATABASE_URL sslcert', cwd);
  const key = privateKeyAt(fromUrl.get('sslkey') ?? undefined, 'DATABASE_URL sslkey', cwd);
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError('DATABASE_URL', 'sslcert and sslkey must be given together');
  return { connectionString, tls: cert && key ? { ...tls, cert: cert.pem, key: key.pem } : tls };
}

/** libpq: `require` with a root certificate verifies the chain like verify-ca. */
function verificationOf(mode: string | undefined, hasCa: boolean): PostgresTls['verify'] {
  switch (mode) {
    case undefined:
    case 'verify-full':
      return 'full';
    case 'verify-ca':
      return 'ca';
    case 'require':
      return hasCa ? 'ca' : 'none';
    default:
      throw new ConfigError(
        'DATABASE_URL',
        `sslmode must be disable, require, verify-ca or verify-full (node-postgres cannot fall back like prefer or allow), got "${mode}"`,
      );
  }
}

/** `MESHGATE_MONGO_CA_FILE` turns TLS on with that CA (the driver's `tlsCAFile`); refused when `MONGO_URL` says tls=false. */
export function mongoTlsCaFileFrom(env: Env, cwd: string, url: string): string | undefined {
  const ca = certificateFile(env, 'MESHGATE_MONGO_CA_FILE', cwd);
  if (!ca) return undefined;
  const queryAt = url.indexOf('?');
  const params = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  if (params.get('tls') === 'false' || params.get('ssl') === 'false') {
    throw new ConfigError('MESHGATE_MONGO_CA_FILE', 'is not used when MONGO_URL says tls=false: unset one of them');
  }
  return ca.file;
}

export interface KafkaSecurity {
  ssl?: { ca?: string };
  sasl?: KafkaSasl;
}

const KAFKA_VARIABLES = ['KAFKA_SSL', 'KAFKA_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];

/** `KAFKA_SSL=true` (with `KAFKA_CA_FILE` for a private CA) and SASL plain or SCRAM with its username and password. */
export function kafkaSecurityFrom(env: Env, cwd: string, hasBrokers: boolean): KafkaSecurity {
  if (!hasBrokers) {
    const stray = KAFKA_VARIABLES.find((name) => env[name]);
    if (stray) throw new ConfigError(stray, 'is not used without KAFKA_BROKERS (the local log has no network): set KAFKA_BROKERS or unset it');
    return {};
  }
  const ssl = booleanFrom(env, 'KAFKA_SSL', false);
  const ca = certificateFile(env, 'KAFKA_CA_FILE', cwd);
  if (ca && !ssl) throw new ConfigError('KAFKA_CA_FILE', 'needs KAFKA_SSL=true');
  return { ssl: ssl ? (ca ? { ca: ca.pem } : {}) : undefined, sasl: kafkaSaslFrom(env) };
}

function kafkaSaslFrom(env: Env): KafkaSasl | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  if (!mechanism) {
    const stray = username ? 'KAFKA_SASL_USERNAME' : password ? 'KAFKA_SASL_PASSWORD' : undefined;
    if (stray) throw new ConfigError(stray, 'needs KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
    return undefined;
  }
  if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
    throw new ConfigError('KAFKA_SASL_MECHANISM', `must be plain, scram-sha-256 or scram-sha-512, got "${mechanism}"`);
  }
  if (!username) throw new ConfigError('KAFKA_SASL_USERNAME', `must be set when KAFKA_SASL_MECHANISM is`);
  if (!password) throw new ConfigError('KAFKA_SASL_PASSWORD', `must be set when KAFKA_SASL_MECHANISM is`);
  return { mechanism, username, password };
}

/** `S3_CA_FILE`: the private CA of an https `S3_ENDPOINT`. */
export function s3CaFrom(env: Env, cwd: string): string | undefined {
  const ca = certificateFile(env, 'S3_CA_FILE', cwd);
  if (!ca) return undefined;
  if (!env.S3_ENDPOINT?.startsWith('https://')) throw new ConfigError('S3_CA_FILE', 'needs an https:// S3_ENDPOINT');
  return ca.pem;
}
