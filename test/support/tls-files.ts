/**
 * Throwaway TLS material for tests, made with openssl: a self-signed P-256 certificate for
 * 127.0.0.1 (its own CA: trusting the certificate is trusting the CA) and its key, in a
 * temporary directory the caller removes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TlsFiles {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
  remove(): void;
}

export function selfSignedCertificate(name = 'server'): TlsFiles {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshgate-tls-'));
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  const read = (file: string) => readFileSync(file, 'utf8');
  return { dir, certFile, keyFile, cert: read(certFile), key: read(keyFile), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A file with `text` in `dir`, for the malformed-file cases. */
export function textFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
