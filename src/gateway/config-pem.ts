/** PEM files named by environment variables, read and checked at start-up: a bad one stops it, naming the variable. */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '../common/index.ts';
import type { Env } from './config-values.ts';

export interface PemFile {
  file: string;
  pem: string;
}

/** The file's text, or undefined when the variable is unset. */
function readVariableFile(value: string | undefined, name: string, cwd: string): PemFile | undefined {
  if (value === undefined || value === '') return undefined;
  const file = path.resolve(cwd, value);
  try {
    return { file, pem: readFileSync(file, 'utf8') };
  } catch (error) {
    throw new ConfigError(name, `cannot read ${file}: ${(error as Error).message}`);
  }
}

/** One or more certificates (a CA bundle or a chain), each checked to parse. */
export function certificateFile(env: Env, name: string, cwd: string): PemFile | undefined {
  return certificateAt(env[name], name, cwd);
}

/** As certificateFile, for a path given elsewhere than in a variable of its own (`name` says where). */
export function certificateAt(value: string | undefined, name: string, cwd: string): PemFile | undefined {
  const read = readVariableFile(value, name, cwd);
  if (!read) return undefined;
  const blocks = read.pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new ConfigError(name, `${read.file} must hold PEM certificates (-----BEGIN CERTIFICATE-----), found none`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ConfigError(name, `${read.file} holds a certificate that does not parse: ${(error as Error).message}`);
    }
  }
  return read;
}

/** An unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1). */
export function privateKeyFile(env: Env, name: string, cwd: string): PemFile | undefined {
  return privateKeyAt(env[name], name, cwd);
}

export function privateKeyAt(value: string | undefined, name: string, cwd: string): PemFile | undefined {
  const read = readVariableFile(value, name, cwd);
  if (!read) return undefined;
  try {
    createPrivateKey(read.pem);
  } catch (error) {
    throw new ConfigError(name, `${read.file} must hold an unencrypted PEM private key: ${(error as Error).message}`);
  }
  return read;
}

/** A certificate and the key it was issued for; `keyVariable` is named when they do not match. */
export function checkKeyPair(cert: PemFile, key: PemFile, keyVariable: string): void {
  try {
    createSecureContext({ cert: cert.pem, key: key.pem });
  } catch (error) {
    throw new ConfigError(keyVariable, `${key.file} is not the key of the certificate ${cert.file}: ${(error as Error).message}`);
  }
}
