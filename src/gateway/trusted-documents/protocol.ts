/**
 * The automatic persisted queries protocol (the one Apollo Client's persisted-queries link speaks)
 * and the safelist, as one pure decision over a request's raw parameters: run the text as sent,
 * run a stored text for a hash, run and register, or refuse with a code. Stores are passed in.
 */
import { createHash } from 'node:crypto';
import { MeshgateError } from '../../api/index.ts';
import { assertNever } from '../../common/index.ts';
import type { DocumentDecision, DocumentRequest } from '../http/index.ts';

/** off: hashes are not understood; apq: clients register documents; safelist: only the manifest runs. */
export type TrustedDocumentsMode = 'off' | 'apq' | 'safelist';

export const PERSISTED_QUERY_VERSION = 1;

/** The lookups a decision needs: the build's manifest (may be empty) and, in apq mode, the registered documents. */
export interface DocumentSources {
  manifest: ReadonlyMap<string, string>;
  registered(hash: string): Promise<string | undefined>;
}

/** Lower-case hex SHA-256 of the document text, as Apollo's link and the manifests compute it. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type PersistedQueryRef = { kind: 'none' } | { kind: 'ref'; hash: string } | { kind: 'invalid'; error: MeshgateError };

/** `extensions.persistedQuery`, checked: version 1 and a 64-digit hex `sha256Hash`. */
export function persistedQueryOf(extensions: unknown): PersistedQueryRef {
  const persisted = (extensions as { persistedQuery?: unknown } | null | undefined)?.persistedQuery;
  if (persisted === undefined || persisted === null) return { kind: 'none' };
  if (typeof persisted !== 'object' || Array.isArray(persisted)) return invalid('extensions.persistedQuery must be an object { version, sha256Hash }.');
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (version !== PERSISTED_QUERY_VERSION) {
    return invalid(`Unsupported persisted query version ${JSON.stringify(version)}: only version ${PERSISTED_QUERY_VERSION} is supported.`);
  }
  if (typeof sha256Hash !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256Hash)) {
    return invalid('extensions.persistedQuery.sha256Hash must be the SHA-256 of the document as 64 hexadecimal digits.');
  }
  return { kind: 'ref', hash: sha256Hash.toLowerCase() };
}

/**
 * What to run for one request. The text as sent needs no lookup unless it claims a hash (checked
 * against the text) or the mode is safelist (its hash must be in the manifest). A hash alone is
 * looked up in the manifest, then (apq) in the registered documents.
 */
export async function decideDocument(mode: TrustedDocumentsMode, request: DocumentRequest, sources: DocumentSources): Promise<DocumentDecision> {
  const query = typeof request.query === 'string' ? request.query : undefined;
  const ref = persistedQueryOf(request.extensions);
  switch (mode) {
    case 'off':
      // Apollo's link turns itself off on this code and resends with the query.
      if (ref.kind !== 'none' && query === undefined) return refuse(notSupported());
      return { kind: 'as-sent' };
    case 'apq':
    case 'safelist': {
      if (ref.kind === 'invalid') return refuse(ref.error);
      if (ref.kind === 'none') return mode === 'apq' || query === undefined ? { kind: 'as-sent' } : safelisted(query, documentHash(query), sources);
      if (query === undefined) return lookUp(mode, ref.hash, sources);
      if (documentHash(query) !== ref.hash) return refuse(hashMismatch(ref.hash));
      if (mode === 'safelist') return safelisted(query, ref.hash, sources);
      return sources.manifest.has(ref.hash) ? { kind: 'as-sent' } : { kind: 'register', hash: ref.hash };
    }
    default:
      return assertNever(mode, 'trusted documents mode');
  }
}

async function lookUp(mode: 'apq' | 'safelist', hash: string, sources: DocumentSources): Promise<DocumentDecision> {
  const listed = sources.manifest.get(hash);
  if (listed !== undefined) return { kind: 'resolved', query: listed };
  if (mode === 'safelist') return refuse(notAllowed(hash));
  const registered = await sources.registered(hash);
  return registered === undefined ? refuse(notFound()) : { kind: 'resolved', query: registered };
}

function safelisted(query: string, hash: string, sources: DocumentSources): DocumentDecision {
  return sources.manifest.get(hash) === query ? { kind: 'as-sent' } : refuse(notAllowed(hash));
}

const refuse = (error: MeshgateError): DocumentDecision => ({ kind: 'refused', error });
const invalid = (message: string): PersistedQueryRef => ({ kind: 'invalid', error: new MeshgateError(message, { code: 'BAD_REQUEST' }) });

/** Apollo's code and message: its link resends the same request with the document on either. */
function notFound(): MeshgateError {
  return new MeshgateError('PersistedQueryNotFound', { code: 'PERSISTED_QUERY_NOT_FOUND', httpStatus: 404 });
}

function notSupported(): MeshgateError {
  return new MeshgateError('PersistedQueryNotSupported', { code: 'PERSISTED_QUERY_NOT_SUPPORTED' });
}

function hashMismatch(hash: string): MeshgateError {
  return new MeshgateError(`extensions.persistedQuery.sha256Hash ${hash} is not the SHA-256 of the query sent.`, {
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    details: { sha256Hash: hash },
  });
}

export function notAllowed(hash: string): MeshgateError {
  return new MeshgateError(`This gateway runs only the operations of its trusted manifest, and ${hash} is not one of them.`, {
    code: 'PERSISTED_QUERY_NOT_ALLOWED',
    details: { sha256Hash: hash },
  });
}
