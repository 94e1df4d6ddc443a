/**
 * MESHGATE_CORS_*, MESHGATE_CSRF_PREVENTION and the TLS listener (MESHGATE_TLS_CERT_FILE /
 * MESHGATE_TLS_KEY_FILE): their defaults, and every invalid value stopping start-up naming the
 * variable.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refusesConfig } from '../../support/config-refusal.ts';
import { configFromEnv, type GatewayConfig } from '../../../src/gateway/index.ts';
import { selfSignedCertificate, textFile, type TlsFiles } from '../../support/tls-files.ts';

const httpOf = (env: Record<string, string>): GatewayConfig['http'] => configFromEnv(env).http;

describe('CORS configuration', () => {
  test('unset: no CORS at all; CSRF prevention for cookies; plain HTTP', () => {
    assert.deepEqual(httpOf({}), { cors: { kind: 'off' }, csrfPrevention: 'cookies', tls: undefined });
  });

  test('* or a list of exact origins, with credentials and max age', () => {
    assert.deepEqual(httpOf({ MESHGATE_CORS_ORIGINS: '*' }).cors, { kind: 'any', maxAgeSeconds: 600 });
    assert.deepEqual(
      httpOf({ MESHGATE_CORS_ORIGINS: 'https://app.example.com, http://localhost:3000', MESHGATE_CORS_CREDENTIALS: 'true', MESHGATE_CORS_MAX_AGE: '60' }).cors,
      { kind: 'origins', origins: new Set(['https://app.example.com', 'http://localhost:3000']), credentials: true, maxAgeSeconds: 60 },
    );
  });

  test('credentials with * are refused, naming MESHGATE_CORS_CREDENTIALS', () => {
    refusesConfig(
      { MESHGATE_CORS_ORIGINS: '*', MESHGATE_CORS_CREDENTIALS: 'true' },
      'MESHGATE_CORS_CREDENTIALS',
      /cannot be true with MESHGATE_CORS_ORIGINS=\*/,
    );
  });

  test('an origin that is not exactly scheme://host[:port] is refused, with the origin it may have meant', () => {
    refusesConfig(
      { MESHGATE_CORS_ORIGINS: 'https://app.example.com/' },
      'MESHGATE_CORS_ORIGINS',
      /got "https:\/\/app.example.com\/" \(did you mean https:\/\/app.example.com\?\)/,
    );
    refusesConfig({ MESHGATE_CORS_ORIGINS: 'https://App.example.com' }, 'MESHGATE_CORS_ORIGINS', /did you mean https:\/\/app.example.com/);
    refusesConfig({ MESHGATE_CORS_ORIGINS: 'https://a.example.com:443' }, 'MESHGATE_CORS_ORIGINS', /did you mean https:\/\/a.example.com\?/);
    refusesConfig({ MESHGATE_CORS_ORIGINS: 'app.example.com' }, 'MESHGATE_CORS_ORIGINS', /must be \* or a comma-separated list of origins/);
    refusesConfig({ MESHGATE_CORS_ORIGINS: 'ftp://files.example.com' }, 'MESHGATE_CORS_ORIGINS', /must be \* or a comma-separated list/);
    refusesConfig({ MESHGATE_CORS_ORIGINS: '*,https://a.example.com' }, 'MESHGATE_CORS_ORIGINS', /got "\*"/);
  });

  test('bad credentials and max age values, and either without origins, are refused', () => {
    refusesConfig({ MESHGATE_CORS_ORIGINS: '*', MESHGATE_CORS_CREDENTIALS: 'yes' }, 'MESHGATE_CORS_CREDENTIALS', /must be true or false, got "yes"/);
    refusesConfig({ MESHGATE_CORS_ORIGINS: '*', MESHGATE_CORS_MAX_AGE: '-1' }, 'MESHGATE_CORS_MAX_AGE', /from 0 to 86400/);
    refusesConfig({ MESHGATE_CORS_CREDENTIALS: 'true' }, 'MESHGATE_CORS_CREDENTIALS', /not used when MESHGATE_CORS_ORIGINS is unset/);
    refusesConfig({ MESHGATE_CORS_MAX_AGE: '60' }, 'MESHGATE_CORS_MAX_AGE', /not used when MESHGATE_CORS_ORIGINS is unset/);
  });
});

test('MESHGATE_CSRF_PREVENTION is cookies, on or off', () => {
  assert.equal(httpOf({ MESHGATE_CSRF_PREVENTION: 'on' }).csrfPrevention, 'on');
  assert.equal(httpOf({ MESHGATE_CSRF_PREVENTION: 'off' }).csrfPrevention, 'off');
  refusesConfig({ MESHGATE_CSRF_PREVENTION: 'strict' }, 'MESHGATE_CSRF_PREVENTION', /must be cookies, on or off, got "strict"/);
});

describe('TLS listener configuration', () => {
  let server: TlsFiles;
  let other: TlsFiles;
  before(() => {
    server = selfSignedCertificate('server');
    other = selfSignedCertificate('other');
  });
  after(() => {
    server?.remove();
    other?.remove();
  });

  test('a certificate and its key serve TLS', () => {
    assert.deepEqual(httpOf({ MESHGATE_TLS_CERT_FILE: server.certFile, MESHGATE_TLS_KEY_FILE: server.keyFile }).tls, { cert: server.cert, key: server.key });
  });

  test('one without the other names the missing one', () => {
    refusesConfig({ MESHGATE_TLS_CERT_FILE: server.certFile }, 'MESHGATE_TLS_KEY_FILE', /must be set when MESHGATE_TLS_CERT_FILE is/);
    refusesConfig({ MESHGATE_TLS_KEY_FILE: server.keyFile }, 'MESHGATE_TLS_CERT_FILE', /must be set when MESHGATE_TLS_KEY_FILE is/);
  });

  test('an unreadable file, a file that is no PEM and a key of another certificate are refused', () => {
    const missing = `${server.dir}/missing.crt`;
    refusesConfig({ MESHGATE_TLS_CERT_FILE: missing, MESHGATE_TLS_KEY_FILE: server.keyFile }, 'MESHGATE_TLS_CERT_FILE', /cannot read .*missing\.crt: ENOENT/);
    const notPem = textFile(server.dir, 'not.pem', 'hello');
    refusesConfig({ MESHGATE_TLS_CERT_FILE: notPem, MESHGATE_TLS_KEY_FILE: server.keyFile }, 'MESHGATE_TLS_CERT_FILE', /must hold PEM certificates/);
    const broken = textFile(server.dir, 'broken.crt', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    refusesConfig({ MESHGATE_TLS_CERT_FILE: broken, MESHGATE_TLS_KEY_FILE: server.keyFile }, 'MESHGATE_TLS_CERT_FILE', /does not parse/);
    refusesConfig(
      { MESHGATE_TLS_CERT_FILE: server.certFile, MESHGATE_TLS_KEY_FILE: server.certFile },
      'MESHGATE_TLS_KEY_FILE',
      /must hold an unencrypted PEM private key/,
    );
    refusesConfig(
      { MESHGATE_TLS_CERT_FILE: server.certFile, MESHGATE_TLS_KEY_FILE: other.keyFile },
      'MESHGATE_TLS_KEY_FILE',
      /is not the key of the certificate/,
    );
  });
});
