/**
 * The trusted manifest a client build emits, in either of the two formats client tools write:
 * GraphQL Codegen's client preset `persisted-documents.json` (`{ "<sha256>": "<document>" }`,
 * with `hashAlgorithm: 'sha256'`) and Apollo's `persisted-query-manifest.json`
 * (`{ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, name, type, body }] }`).
 * Every id must be the SHA-256 of its document: that is the hash clients send.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../common/index.ts';
import { documentHash } from './protocol.ts';

const VARIABLE = 'MESHGATE_TRUSTED_MANIFEST';
const APOLLO_FORMAT = 'apollo-persisted-query-manifest';

/** Reads and checks the manifest at `file`: hash → document. A bad file is a ConfigError naming file and entry. */
export function loadTrustedManifest(file: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(VARIABLE, `cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(VARIABLE, `${file} is not JSON: ${(error as Error).message}`);
  }
  return parseTrustedManifest(parsed, file);
}

/** The checked hash → document map of a parsed manifest; `file` names it in errors. */
export function parseTrustedManifest(manifest: unknown, file: string): Map<string, string> {
  const bad = (entry: string, problem: string) => new ConfigError(VARIABLE, `${file}: ${entry} ${problem}`);
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw bad('the manifest', 'must be an object: { "<sha256>": "<document>" } or an Apollo persisted query manifest');
  }
  const record = manifest as Record<string, unknown>;
  const entries = 'format' in record ? apolloEntries(record, bad) : codegenEntries(record, bad);
  const documents = new Map<string, string>();
  for (const { entry, id, body } of entries) {
    if (typeof body !== 'string' || body.trim() === '') throw bad(entry, 'must have a non-empty document text');
    if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id)) {
      const sha1 = typeof id === 'string' && /^[0-9a-f]{40}$/.test(id) ? " (that looks like SHA-1: build with hashAlgorithm: 'sha256')" : '';
      throw bad(entry, `has id ${JSON.stringify(id)}, which is not a lower-case hex SHA-256${sha1}`);
    }
    const hash = documentHash(body);
    if (id !== hash) throw bad(entry, `has id ${id}, but the SHA-256 of its document is ${hash}`);
    documents.set(id, body);
  }
  return documents;
}

interface ManifestEntry {
  entry: string;
  id: unknown;
  body: unknown;
}

type Bad = (entry: string, problem: string) => ConfigError;

function codegenEntries(record: Record<string, unknown>, bad: Bad): ManifestEntry[] {
  const entries = Object.entries(record).map(([id, body]) => ({ entry: `entry "${id}"`, id, body }));
  if (entries.length === 0) throw bad('the manifest', 'lists no document');
  return entries;
}

function apolloEntries(record: Record<string, unknown>, bad: Bad): ManifestEntry[] {
  if (record.format !== APOLLO_FORMAT) throw bad('format', `must be "${APOLLO_FORMAT}", got ${JSON.stringify(record.format)}`);
  if (record.version !== 1) throw bad('version', `must be 1, got ${JSON.stringify(record.version)}`);
  if (!Array.isArray(record.operations) || record.operations.length === 0) throw bad('operations', 'must be a non-empty array');
  return record.operations.map((operation: unknown, i) => {
    if (typeof operation !== 'object' || operation === null) throw bad(`operations[${i}]`, 'must be an object { id, name, type, body }');
    const { id, name, type, body } = operation as Record<string, unknown>;
    const entry = `operations[${i}]${typeof name === 'string' ? ` (${name})` : ''}`;
    if (type !== 'query' && type !== 'mutation' && type !== 'subscription')
      throw bad(entry, `has type ${JSON.stringify(type)}: must be query, mutation or subscription`);
    return { entry, id, body };
  });
}
