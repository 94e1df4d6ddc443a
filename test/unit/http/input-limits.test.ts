/**
 * The gateway's input checks, pure: literal depth before parsing, variable
 * depth (counting the literal a variable sits in), coercion against the
 * schema, NUL characters named by argument path; then the same through the
 * HTTP layer: a request error (400 with graphql-response+json, 200 with
 * application/json), no `data`, the engine never called.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse } from 'graphql';
import { createInputChecks, DEFAULT_MAX_INPUT_DEPTH } from '../../../src/gateway/http/index.ts';
import { postGraphQL, startTestServer } from './fixtures.ts';

const schema = buildSchema(`
  input StringFilter { eq: String in: [String!] }
  input UserWhere { and: [UserWhere!] or: [UserWhere!] not: UserWhere email: StringFilter }
  type Query { users(where: UserWhere, first: Int, meta: String): [String] }
`);

const nots = (n: number, inner = '{ email: { eq: "x" } }') => `${'{ not: '.repeat(n)}${inner}${' }'.repeat(n)}`;
const notVariable = (n: number): unknown => {
  let value: unknown = { email: { eq: 'x' } };
  for (let i = 0; i < n; i++) value = { not: value };
  return value;
};

function afterValidate(checks: ReturnType<typeof createInputChecks>, query: string, variables?: Record<string, unknown>) {
  return checks.afterValidate(schema, parse(query), undefined, variables);
}

test('a literal nested up to the limit parses; one level deeper is INPUT_TOO_DEEP naming the argument, before parsing', () => {
  const checks = createInputChecks(6);
  assert.equal(checks.beforeParse(`{ users(where: ${nots(4)}) }`), undefined, '4 nots + email + eq = 6 levels');
  const error = checks.beforeParse(`{ users(where: ${nots(5)}) }`);
  assert.equal(error?.extensions.code, 'INPUT_TOO_DEEP');
  assert.equal(error?.extensions.limit, 6);
  assert.equal(error?.extensions.argument, 'where');
  assert.match(error!.message, /where is nested deeper than 6 levels/);
  assert.equal(error?.locations?.[0]?.line, 1);
});

test('thousands of levels are refused at once, without recursion; lists count as levels', () => {
  const checks = createInputChecks(DEFAULT_MAX_INPUT_DEPTH);
  const started = performance.now();
  assert.equal(checks.beforeParse(`{ users(where: ${nots(100_000)}) }`)?.extensions.code, 'INPUT_TOO_DEEP');
  assert.ok(performance.now() - started < 1000);
  const lists = `{ users(where: { and: ${'['.repeat(40)}{}${']'.repeat(40)} }) }`;
  assert.equal(checks.beforeParse(lists)?.extensions.argument, 'where');
});

test('selection sets, aliases, strings and comments do not count; defaults and variable types do', () => {
  const checks = createInputChecks(3);
  const selections = `{ ${'a { '.repeat(40)}b${' }'.repeat(40)} }`;
  assert.equal(checks.beforeParse(selections), undefined);
  assert.equal(checks.beforeParse('{ x: users(meta: "{{{{{{{{") { y: z } } # [[[[[['), undefined);
  const defaulted = checks.beforeParse(`query($w: UserWhere = ${nots(3)}) { users(where: $w) }`);
  assert.equal(defaulted?.extensions.argument, '$w');
  assert.equal(checks.beforeParse('query($l: [[[[String]]]]) { users(meta: "x") }')?.extensions.argument, '$l');
  assert.equal(checks.beforeParse('{ users(where: { not: '), undefined, 'a syntax error is left to the parser');
});

test('a variable may nest only as deep as the limit leaves below where it is used', () => {
  const checks = createInputChecks(6);
  assert.deepEqual(afterValidate(checks, 'query($w: UserWhere) { users(where: { not: $w }) }', { w: notVariable(3) }), []);
  const [error] = afterValidate(checks, 'query($w: UserWhere) { users(where: { not: $w }) }', { w: notVariable(4) });
  assert.equal(error?.extensions.code, 'INPUT_TOO_DEEP');
  assert.equal(error?.extensions.argument, 'where.not', 'the argument path the variable is used at');
  assert.equal(error?.extensions.variable, 'w');
});

test('a variable 100,000 levels deep is INPUT_TOO_DEEP, not a stack overflow', () => {
  const [error] = afterValidate(createInputChecks(32), 'query($w: UserWhere) { users(where: $w) }', { w: notVariable(100_000) });
  assert.equal(error?.extensions.code, 'INPUT_TOO_DEEP');
  assert.equal(error?.extensions.limit, 32);
});

test('a variable that does not fit its type is BAD_USER_INPUT with the coercion message', () => {
  const checks = createInputChecks(32);
  const [notInt] = afterValidate(checks, 'query($n: Int) { users(first: $n) }', { n: 'abc' });
  assert.equal(notInt?.extensions.code, 'BAD_USER_INPUT');
  assert.match(notInt!.message, /Variable "\$n" got invalid value "abc"; Int cannot represent non-integer value/);
  const [unknown] = afterValidate(checks, 'query($w: UserWhere) { users(where: $w) }', { w: { shoeSize: 42 } });
  assert.equal(unknown?.extensions.code, 'BAD_USER_INPUT');
  assert.match(unknown!.message, /Field "shoeSize" is not defined by type "UserWhere"/);
  const [missing] = afterValidate(checks, 'query($n: Int!) { users(first: $n) }', {});
  assert.match(missing!.message, /\$n" of required type "Int!" was not provided/);
});

test('a NUL character is BAD_USER_INPUT naming the argument path, in literals and in variables', () => {
  const checks = createInputChecks(32);
  const literal = afterValidate(checks, '{ users(where: { or: [{ email: { eq: "a" } }, { email: { eq: "b\\u0000" } }] }) }');
  assert.equal(literal[0]?.extensions.code, 'BAD_USER_INPUT');
  assert.equal(literal[0]?.extensions.argument, 'where.or[1].email.eq');
  const scalar = afterValidate(checks, 'query($s: String) { users(where: { email: { eq: $s } }) }', { s: 'a\u0000b' });
  assert.deepEqual(scalar[0]?.extensions, { code: 'BAD_USER_INPUT', argument: 'where.email.eq', variable: 's' });
  const object = afterValidate(checks, 'query($w: UserWhere) { users(where: $w) }', { w: { email: { in: ['ok', 'n\u0000'] } } });
  assert.equal(object[0]?.extensions.argument, 'where.email.in[1]');
  assert.match(object[0]!.message, /contains a NUL character \(U\+0000\)/);
  assert.deepEqual(afterValidate(checks, 'query($s: String) { users(meta: $s) }', { s: 'fine' }), []);
});

test('depth is checked before coercion, coercion before NUL', () => {
  const checks = createInputChecks(4);
  const [deep] = afterValidate(checks, 'query($w: UserWhere) { users(where: $w) }', { w: { not: { not: { not: { email: { eq: '\u0000' } } } } } });
  assert.equal(deep?.extensions.code, 'INPUT_TOO_DEEP');
  const [wrongType] = afterValidate(checks, 'query($w: UserWhere) { users(where: $w) }', { w: { email: { eq: 1 } }, x: '\u0000' });
  assert.match(wrongType!.message, /String cannot represent a non string value/);
});

test('over HTTP a refused input is a request error: 400 graphql-response+json (200 application/json), no data, nothing executed', async () => {
  const running = await startTestServer({ maxInputDepth: 4 });
  try {
    const tooDeep = await postGraphQL(running.url, { query: '{ hello(name: [[[[["x"]]]]]) }' });
    assert.equal(tooDeep.status, 400);
    assert.match(tooDeep.headers.get('content-type') ?? '', /application\/graphql-response\+json/);
    const deepBody = (await tooDeep.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
    assert.equal('data' in deepBody, false);
    assert.deepEqual(deepBody.errors[0]?.extensions, { code: 'INPUT_TOO_DEEP', limit: 4, argument: 'name' });
    const nul = await postGraphQL(running.url, { query: 'query($n: String) { hello(name: $n) }', variables: { n: 'a\u0000' } });
    assert.equal(nul.status, 400);
    const body = (await nul.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
    assert.equal('data' in body, false);
    assert.deepEqual(body.errors[0]?.extensions, { code: 'BAD_USER_INPUT', argument: 'name', variable: 'n' });
    const asJson = await postGraphQL(running.url, { query: 'query($n: Int!) { slow(ms: $n) }', variables: { n: 'abc' } }, { accept: 'application/json' });
    assert.equal(asJson.status, 200);
    const jsonBody = (await asJson.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
    assert.equal('data' in jsonBody, false);
    assert.equal(jsonBody.errors[0]?.extensions.code, 'BAD_USER_INPUT');
    const good = await postGraphQL(running.url, { query: 'query($n: String) { hello(name: $n) }', variables: { n: 'x' } });
    assert.equal(good.status, 200);
    assert.equal(running.engine.documents.length, 1, 'only the good operation reached the engine');
  } finally {
    await running.close();
  }
});
