/**
 * Trusted documents: automatic persisted queries (clients register documents by their SHA-256 and
 * then send the hash alone) and the safelist (only the operations of a client build's manifest
 * run). The HTTP layer consults it through its `TrustedDocuments` interface, before any parse.
 */
import type { Logger } from '../../observability/index.ts';
import type { SqlQueryable } from '../../sources/index.ts';
import type { TrustedDocuments } from '../http/index.ts';
import { GraphQLError } from 'graphql';
import { decideDocument, documentHash, notAllowed, type TrustedDocumentsMode } from './protocol.ts';
import { createPersistedDocumentStore } from './store.ts';

export type { TrustedDocumentsMode } from './protocol.ts';
export type { PersistedDocumentStore } from './store.ts';
export { decideDocument, documentHash, persistedQueryOf } from './protocol.ts';
export { loadTrustedManifest, parseTrustedManifest } from './manifest.ts';
export { createPersistedDocumentStore, MAX_PERSISTED_DOCUMENT_CHARS } from './store.ts';

export interface TrustedDocumentsConfig {
  mode: TrustedDocumentsMode;
  /** The client build's manifest (loadTrustedManifest): the safelist; in apq mode, documents that need no registration. */
  manifest: ReadonlyMap<string, string>;
  /** Registered documents kept per process (LRU) and in the platform database. */
  cacheEntries: number;
  maxStored: number;
}

/** The decisions of `config.mode`; in apq mode over the registered documents' store, opened here. */
export async function openTrustedDocuments(config: TrustedDocumentsConfig, deps: { db: SqlQueryable; logger: Logger }): Promise<TrustedDocuments> {
  const { manifest } = config;
  const store =
    config.mode === 'apq'
      ? await createPersistedDocumentStore({ db: deps.db, logger: deps.logger, cacheEntries: config.cacheEntries, maxStored: config.maxStored })
      : undefined;
  const sources = { manifest, registered: async (hash: string) => store?.get(hash) };
  return {
    decide: (request) => decideDocument(config.mode, request, sources),
    register: async (hash, query) => store?.put(hash, query),
  };
}

/**
 * Live subscriptions (graphql-ws) send their text: in safelist mode it must be one of the manifest's,
 * else PERSISTED_QUERY_NOT_ALLOWED before it is parsed. Other modes check nothing there.
 */
export function liveDocumentCheck(
  mode: TrustedDocumentsMode,
  manifest: ReadonlyMap<string, string>,
): ((query: string) => GraphQLError | undefined) | undefined {
  if (mode !== 'safelist') return undefined;
  return (query) => {
    const hash = documentHash(query);
    if (manifest.get(hash) === query) return undefined;
    const error = notAllowed(hash);
    return new GraphQLError(error.message, { originalError: error, extensions: error.extensions });
  };
}
