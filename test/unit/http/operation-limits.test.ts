/**
 * The operation shape limits: exact counts (fragments expanded at every
 * spread, inline fragments add no level, introspection not measured), the
 * codes and values of a refusal, and the environment variables that set them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kind, getIntrospectionQuery, parse, type OperationDefinitionNode } from 'graphql';
import { ConfigError } from '../../../src/common/index.ts';
import { configFromEnv } from '../../../src/gateway/index.ts';
import { DEFAULT_OPERATION_LIMITS, measureOperation, operationLimitError } from '../../../src/gateway/http/index.ts';
import { parseWithinTokens, tokenLimitError } from '../../../src/gateway/http/operation-limits.ts';

function measure(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  assert.ok(operation);
  return measureOperation(document, operation);
}

describe('measuring an operation', () => {
  it('counts selection levels, an inline fragment adding none', () => {
    assert.equal(measure('{ a }').depth, 1);
    assert.equal(measure('{ commerce { orders { nodes { items { item { category { name } } } } } } }').depth, 7);
    assert.equal(measure('{ a { ... on T { b { c } } } }').depth, 3);
  });

  it('expands a fragment at every spread of it', () => {
    const query = 'query { x: a { ...F } y: a { ...F } } fragment F on T { p: b q: c @include(if: true) }';
    assert.deepEqual(measure(query), { depth: 2, aliases: 6, directives: 2 });
  });

  it('counts directives on the operation, its variables, fields and fragment definitions', () => {
    const query = 'query Q($v: Int @d) @d { a @d { ...F @d } } fragment F on T @d { b @d }';
    assert.equal(measure(query).directives, 6);
  });

  it('does not measure introspection, so GraphiQL’s introspection query passes the defaults', () => {
    assert.deepEqual(measure(getIntrospectionQuery()), { depth: 0, aliases: 0, directives: 0 });
    assert.equal(measure('{ __typename a { __typename } }').depth, 2);
    const document = parseWithinTokens(getIntrospectionQuery(), DEFAULT_OPERATION_LIMITS.maxTokens);
    assert.equal(document instanceof Error, false);
  });

  it('stops at a fragment cycle instead of recursing forever', () => {
    assert.deepEqual(measure('{ a { ...F } } fragment F on T { b { ...F } }'), { depth: 2, aliases: 0, directives: 0 });
  });
});

describe('refusing an operation over a limit', () => {
  const limits = { maxDepth: 3, maxAliases: 2, maxDirectives: 1, maxTokens: 20 };

  it('names the limit, its value and the measured one', () => {
    const cases = [
      ['{ a { b { c { d } } } }', { code: 'MAX_DEPTH_EXCEEDED', limit: 3, depth: 4 }],
      ['{ x: a y: a z: a }', { code: 'MAX_ALIASES_EXCEEDED', limit: 2, aliases: 3 }],
      ['{ a @skip(if: false) b @skip(if: false) }', { code: 'MAX_DIRECTIVES_EXCEEDED', limit: 1, directives: 2 }],
    ] as const;
    for (const [query, extensions] of cases) {
      const error = operationLimitError(parse(query), limits);
      assert.deepEqual(error?.extensions, extensions, query);
      assert.match(error?.message ?? '', /more than the limit of \d+ \(MESHGATE_MAX_/);
    }
  });

  it('serves what is exactly at each limit', () => {
    assert.equal(operationLimitError(parse('{ x: a { b { c } } y: a @skip(if: false) }'), limits), undefined);
  });

  it('refuses more tokens than the limit while parsing, counting them all', () => {
    const query = `{ ${'a '.repeat(30)}}`;
    const refused = parseWithinTokens(query, 20);
    assert.ok(refused instanceof Error);
    assert.deepEqual(refused.extensions, { code: 'MAX_TOKENS_EXCEEDED', limit: 20, tokens: 32 });
    assert.deepEqual(tokenLimitError(query, 20)?.extensions, refused.extensions);
    assert.equal(tokenLimitError(query, 32), undefined);
    assert.equal(parseWithinTokens(query, 32) instanceof Error, false);
  });
});

describe('the limits’ environment variables', () => {
  it('default to depth 10, aliases 15, directives 50, tokens 2,000 and a 1 MiB body', () => {
    const config = configFromEnv({});
    assert.deepEqual(config.operationLimits, { maxDepth: 10, maxAliases: 15, maxDirectives: 50, maxTokens: 2000 });
    assert.equal(config.maxBodyBytes, 1024 * 1024);
    const set = configFromEnv({ MESHGATE_MAX_DEPTH: '8', MESHGATE_MAX_ALIASES: '100', MESHGATE_MAX_TOKENS: '15000', MESHGATE_MAX_BODY_BYTES: '2097152' });
    assert.deepEqual(set.operationLimits, { maxDepth: 8, maxAliases: 100, maxDirectives: 50, maxTokens: 15000 });
    assert.equal(set.maxBodyBytes, 2097152);
  });

  it('stop start-up on a bad value, naming the variable and what is allowed', () => {
    const bad = {
      MESHGATE_MAX_DEPTH: '2',
      MESHGATE_MAX_ALIASES: '-1',
      MESHGATE_MAX_DIRECTIVES: 'many',
      MESHGATE_MAX_TOKENS: '99',
      MESHGATE_MAX_BODY_BYTES: '1.5',
    };
    for (const [name, value] of Object.entries(bad)) {
      assert.throws(
        () => configFromEnv({ [name]: value }),
        (error: unknown) => error instanceof ConfigError && new RegExp(`^${name}: must be an integer from \\d+ to \\d+, got "${value}"`).test(error.message),
      );
    }
  });
});
