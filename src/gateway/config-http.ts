/**
 * The HTTP server's hygiene settings: which browser origins may call the gateway (CORS), the
 * CSRF check of unpreflighted requests, and the TLS listener (HTTPS and WSS instead of HTTP).
 */
import { ConfigError } from '../common/index.ts';
import type { CorsPolicy, CsrfPrevention, TlsListener } from './http/index.ts';
import { checkKeyPair, certificateFile, privateKeyFile } from './config-pem.ts';
import { booleanFrom, integer, type Env } from './config-values.ts';

export interface HttpHygieneConfig {
  /** `MESHGATE_CORS_ORIGINS`, `MESHGATE_CORS_CREDENTIALS`, `MESHGATE_CORS_MAX_AGE`. */
  cors: CorsPolicy;
  /** `MESHGATE_CSRF_PREVENTION`: cookies (default), on or off. */
  csrfPrevention: CsrfPrevention;
  /** `MESHGATE_TLS_CERT_FILE` and `MESHGATE_TLS_KEY_FILE` (PEM): serve HTTPS; absent: HTTP. */
  tls?: TlsListener;
}

export function httpHygieneFrom(env: Env, cwd: string): HttpHygieneConfig {
  return { cors: corsFrom(env), csrfPrevention: csrfFrom(env), tls: tlsListenerFrom(env, cwd) };
}

/** Ten minutes of cached preflights unless told otherwise; browsers cap it anyway (Chromium at two hours). */
const DEFAULT_CORS_MAX_AGE = 600;

function corsFrom(env: Env): CorsPolicy {
  const raw = (env.MESHGATE_CORS_ORIGINS ?? '').trim();
  if (raw === '') {
    for (const name of ['MESHGATE_CORS_CREDENTIALS', 'MESHGATE_CORS_MAX_AGE']) {
      if (env[name]) throw new ConfigError(name, 'is not used when MESHGATE_CORS_ORIGINS is unset (no cross-origin access): set both or neither');
    }
    return { kind: 'off' };
  }
  const credentials = booleanFrom(env, 'MESHGATE_CORS_CREDENTIALS', false);
  const maxAgeSeconds = integer(env, 'MESHGATE_CORS_MAX_AGE', DEFAULT_CORS_MAX_AGE, 0, 86_400);
  if (raw === '*') {
    if (credentials) {
      throw new ConfigError(
        'MESHGATE_CORS_CREDENTIALS',
        'cannot be true with MESHGATE_CORS_ORIGINS=* (browsers refuse credentials for any origin): list the origins',
      );
    }
    return { kind: 'any', maxAgeSeconds };
  }
  const origins = raw.split(',').map((entry) => exactOrigin(entry.trim()));
  return { kind: 'origins', origins: new Set(origins), credentials, maxAgeSeconds };
}

/** Browsers send the origin serialised (`https://app.example.com`, a port only when not the default), so the list must match that text. */
function exactOrigin(entry: string): string {
  const allowed = 'must be * or a comma-separated list of origins such as https://app.example.com or http://localhost:3000 (scheme, host, port; no path)';
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new ConfigError('MESHGATE_CORS_ORIGINS', `${allowed}, got "${entry}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry) {
    throw new ConfigError('MESHGATE_CORS_ORIGINS', `${allowed}, got "${entry}"${url.origin !== 'null' ? ` (did you mean ${url.origin}?)` : ''}`);
  }
  return entry;
}

function csrfFrom(env: Env): CsrfPrevention {
  const mode = env.MESHGATE_CSRF_PREVENTION || 'cookies';
  if (mode !== 'cookies' && mode !== 'on' && mode !== 'off') throw new ConfigError('MESHGATE_CSRF_PREVENTION', `must be cookies, on or off, got "${mode}"`);
  return mode;
}

function tlsListenerFrom(env: Env, cwd: string): TlsListener | undefined {
  const cert = certificateFile(env, 'MESHGATE_TLS_CERT_FILE', cwd);
  const key = privateKeyFile(env, 'MESHGATE_TLS_KEY_FILE', cwd);
  if (!cert && !key) return undefined;
  if (!cert) throw new ConfigError('MESHGATE_TLS_CERT_FILE', 'must be set when MESHGATE_TLS_KEY_FILE is (HTTPS needs the certificate and its key)');
  if (!key) throw new ConfigError('MESHGATE_TLS_KEY_FILE', 'must be set when MESHGATE_TLS_CERT_FILE is (HTTPS needs the certificate and its key)');
  checkKeyPair(cert, key, 'MESHGATE_TLS_KEY_FILE');
  return { cert: cert.pem, key: key.pem };
}
