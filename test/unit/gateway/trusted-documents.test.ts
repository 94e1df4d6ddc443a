/**
 * Trusted documents without a server: the persisted-query protocol's decisions in each mode, the
 * two manifest formats a client build writes, and the configuration that selects them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ConfigError } from '../../../src/common/index.ts';
import { configFromEnv } from '../../../src/gateway/index.ts';
import type { DocumentDecision } from '../../../src/gateway/http/index.ts';
import { decideDocument, documentHash, parseTrustedManifest, type TrustedDocumentsMode } from '../../../src/gateway/trusted-documents/index.ts';

const listedQuery = 'query Listed { hello }';
const otherQuery = 'query Other { hello }';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const apq = (hash: string, version: unknown = 1) => ({ persistedQuery: { version, sha256Hash: hash } });

function decide(mode: TrustedDocumentsMode, query: unknown, extensions: unknown, registered: Record<string, string> = {}): Promise<DocumentDecision> {
  const manifest = new Map([[sha(listedQuery), listedQuery]]);
  return decideDocument(mode, { query, extensions }, { manifest, registered: async (hash) => registered[hash] });
}

function refusedWith(decision: DocumentDecision): { code: string; status: number; message: string } {
  assert.equal(decision.kind, 'refused', JSON.stringify(decision));
  const { error } = decision as Extract<DocumentDecision, { kind: 'refused' }>;
  return { code: error.code, status: error.httpStatus, message: error.message };
}

describe('the persisted-query protocol (apq mode)', () => {
  test('the hash is the lower-case hex SHA-256 of the text, as Apollo Client computes it', () => {
    assert.equal(documentHash('{ __typename }'), sha('{ __typename }'));
    assert.match(documentHash('{ __typename }'), /^[0-9a-f]{64}$/);
  });

  test('a hash alone runs the registered text, or is PERSISTED_QUERY_NOT_FOUND (Apollo then resends the query)', async () => {
    assert.deepEqual(await decide('apq', undefined, apq(sha(otherQuery)), { [sha(otherQuery)]: otherQuery }), { kind: 'resolved', query: otherQuery });
    assert.deepEqual(refusedWith(await decide('apq', undefined, apq(sha(otherQuery)))), {
      code: 'PERSISTED_QUERY_NOT_FOUND',
      status: 404,
      message: 'PersistedQueryNotFound',
    });
  });

  test('a hash with its text registers it; the manifest needs no registration', async () => {
    assert.deepEqual(await decide('apq', otherQuery, apq(sha(otherQuery))), { kind: 'register', hash: sha(otherQuery) });
    assert.deepEqual(await decide('apq', listedQuery, apq(sha(listedQuery))), { kind: 'as-sent' });
    assert.deepEqual(await decide('apq', undefined, apq(sha(listedQuery))), { kind: 'resolved', query: listedQuery });
  });

  test('a hash that is not the text’s is a 400 PERSISTED_QUERY_HASH_MISMATCH naming the hash', async () => {
    const refused = refusedWith(await decide('apq', otherQuery, apq(sha(listedQuery))));
    assert.equal(refused.code, 'PERSISTED_QUERY_HASH_MISMATCH');
    assert.equal(refused.status, 400);
    assert.match(refused.message, new RegExp(sha(listedQuery)));
  });

  test('an unknown version or a malformed hash is a 400 saying what is allowed', async () => {
    const version = refusedWith(await decide('apq', undefined, apq(sha(otherQuery), 2)));
    assert.deepEqual([version.code, version.status], ['BAD_REQUEST', 400]);
    assert.match(version.message, /Unsupported persisted query version 2: only version 1/);
    const hash = refusedWith(await decide('apq', otherQuery, apq('abc')));
    assert.match(hash.message, /sha256Hash must be the SHA-256 of the document as 64 hexadecimal digits/);
    assert.equal(refusedWith(await decide('apq', otherQuery, { persistedQuery: 'x' })).code, 'BAD_REQUEST');
  });

  test('a request without the extension runs as sent', async () => {
    assert.deepEqual(await decide('apq', otherQuery, undefined), { kind: 'as-sent' });
    assert.deepEqual(await decide('apq', otherQuery, { other: true }), { kind: 'as-sent' });
  });
});

describe('safelist mode', () => {
  test('only the manifest runs: by hash, or by a text whose hash is listed', async () => {
    assert.deepEqual(await decide('safelist', undefined, apq(sha(listedQuery))), { kind: 'resolved', query: listedQuery });
    assert.deepEqual(await decide('safelist', listedQuery, undefined), { kind: 'as-sent' });
    assert.deepEqual(await decide('safelist', listedQuery, apq(sha(listedQuery))), { kind: 'as-sent' });
  });

  test('anything else is a 400 PERSISTED_QUERY_NOT_ALLOWED, registration included', async () => {
    for (const [query, extensions] of [
      [otherQuery, undefined],
      [undefined, apq(sha(otherQuery))],
      [otherQuery, apq(sha(otherQuery))],
    ]) {
      const refused = refusedWith(await decide('safelist', query, extensions, { [sha(otherQuery)]: otherQuery }));
      assert.deepEqual([refused.code, refused.status], ['PERSISTED_QUERY_NOT_ALLOWED', 400]);
    }
  });
});

describe('off mode', () => {
  test('a hash alone is PERSISTED_QUERY_NOT_SUPPORTED (Apollo’s link turns itself off); a text runs as sent', async () => {
    assert.equal(refusedWith(await decide('off', undefined, apq(sha(listedQuery)))).code, 'PERSISTED_QUERY_NOT_SUPPORTED');
    assert.deepEqual(await decide('off', otherQuery, apq(sha(otherQuery))), { kind: 'as-sent' });
  });
});

describe('trusted manifests', () => {
  const file = 'client/persisted-documents.json';
  const failsWith = (manifest: unknown, pattern: RegExp) =>
    assert.throws(
      () => parseTrustedManifest(manifest, file),
      (error: unknown) => error instanceof ConfigError && error.variable === 'MESHGATE_TRUSTED_MANIFEST' && pattern.test(error.message),
    );

  test('GraphQL Codegen’s client preset persisted-documents.json: { "<sha256>": "<document>" }', () => {
    const documents = parseTrustedManifest({ [sha(listedQuery)]: listedQuery, [sha(otherQuery)]: otherQuery }, file);
    assert.deepEqual(
      [...documents],
      [
        [sha(listedQuery), listedQuery],
        [sha(otherQuery), otherQuery],
      ],
    );
  });

  test('Apollo’s persisted-query-manifest.json', () => {
    const manifest = {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha(listedQuery), name: 'Listed', type: 'query', body: listedQuery }],
    };
    assert.deepEqual([...parseTrustedManifest(manifest, file)], [[sha(listedQuery), listedQuery]]);
  });

  test('a bad manifest names the file, the entry and what is wrong', () => {
    failsWith(
      { [sha(otherQuery)]: listedQuery },
      new RegExp(
        `^MESHGATE_TRUSTED_MANIFEST: ${file}: entry "${sha(otherQuery)}" has id ${sha(otherQuery)}, but the SHA-256 of its document is ${sha(listedQuery)}$`,
      ),
    );
    const sha1 = createHash('sha1').update(listedQuery).digest('hex');
    failsWith({ [sha1]: listedQuery }, /that looks like SHA-1: build with hashAlgorithm: 'sha256'/);
    failsWith({ [sha(listedQuery)]: '' }, /entry ".*" must have a non-empty document text/);
    failsWith({}, /the manifest lists no document/);
    failsWith([], /the manifest must be an object/);
    const operation = { id: 'nope', name: 'Listed', type: 'query', body: listedQuery };
    failsWith(
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [operation] },
      /operations\[0\] \(Listed\) has id "nope", which is not a lower-case hex SHA-256/,
    );
    failsWith({ format: 'apollo-persisted-query-manifest', version: 2, operations: [operation] }, /version must be 1, got 2/);
    failsWith({ format: 'other', operations: [] }, /format must be "apollo-persisted-query-manifest", got "other"/);
    failsWith(
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ ...operation, type: 'fragment' }] },
      /has type "fragment": must be query, mutation or subscription/,
    );
  });
});

describe('MESHGATE_TRUSTED_DOCUMENTS', () => {
  const base = { MESHGATE_DATA_DIR: 'memory://' };
  const configError = (variable: string, pattern: RegExp) => (error: unknown) =>
    error instanceof ConfigError && error.variable === variable && pattern.test(error.message);

  test('apq by default, with the store bounds; safelist with a manifest resolved from the working directory', () => {
    assert.deepEqual(configFromEnv(base, '/srv').trustedDocuments, { mode: 'apq', manifestFile: undefined, cacheEntries: 1000, maxStored: 10_000 });
    const safelist = configFromEnv({ ...base, MESHGATE_TRUSTED_DOCUMENTS: 'safelist', MESHGATE_TRUSTED_MANIFEST: 'client/pq.json' }, '/srv');
    assert.deepEqual([safelist.trustedDocuments.mode, safelist.trustedDocuments.manifestFile], ['safelist', '/srv/client/pq.json']);
  });

  test('a bad mode, a safelist without manifest or a manifest that off ignores stop start-up', () => {
    assert.throws(
      () => configFromEnv({ ...base, MESHGATE_TRUSTED_DOCUMENTS: 'strict' }),
      configError('MESHGATE_TRUSTED_DOCUMENTS', /must be off, apq or safelist, got "strict"/),
    );
    assert.throws(
      () => configFromEnv({ ...base, MESHGATE_TRUSTED_DOCUMENTS: 'safelist' }),
      configError('MESHGATE_TRUSTED_MANIFEST', /must name the client manifest file/),
    );
    assert.throws(
      () => configFromEnv({ ...base, MESHGATE_TRUSTED_DOCUMENTS: 'off', MESHGATE_TRUSTED_MANIFEST: 'pq.json' }),
      configError('MESHGATE_TRUSTED_MANIFEST', /is not used when MESHGATE_TRUSTED_DOCUMENTS=off/),
    );
    assert.throws(() => configFromEnv({ ...base, MESHGATE_APQ_CACHE_SIZE: '0' }), configError('MESHGATE_APQ_CACHE_SIZE', /must be an integer from 1/));
  });
});
