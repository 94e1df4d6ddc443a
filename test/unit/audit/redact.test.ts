import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactVariables, REDACTED } from '../../../src/audit/index.ts';

test('secret-looking keys are redacted at any depth, whatever the value type', () => {
  const redacted = redactVariables({
    input: { email: 'a@b.c', password: 'hunter2', profile: { apiKey: 42, api_key: 'k', 'api-key': 'k2' } },
    tokens: [{ accessToken: 't', name: 'ok' }],
    Authorization: 'Bearer abc',
    clientSecret: { nested: 'x' },
    credentials: ['a'],
    private_key: 'pem',
    privateKey: 'pem',
    passwd: 'p',
    first: 10,
  });
  assert.deepEqual(redacted, {
    input: { email: 'a@b.c', password: REDACTED, profile: { apiKey: REDACTED, api_key: REDACTED, 'api-key': REDACTED } },
    tokens: REDACTED,
    Authorization: REDACTED,
    clientSecret: REDACTED,
    credentials: REDACTED,
    private_key: REDACTED,
    privateKey: REDACTED,
    passwd: REDACTED,
    first: 10,
  });
});

test('array elements are searched too', () => {
  assert.deepEqual(redactVariables({ items: [{ secret: 's', id: 1 }, 'plain'] }), { items: [{ secret: REDACTED, id: 1 }, 'plain'] });
});

test('extra keys are redacted case-insensitively', () => {
  assert.deepEqual(redactVariables({ SSN: '123', ssn2: 'no', name: 'x' }, ['ssn']), { SSN: REDACTED, ssn2: 'no', name: 'x' });
});

test('null and undefined variables give null, and the input is not modified', () => {
  assert.equal(redactVariables(null), null);
  assert.equal(redactVariables(undefined), null);
  const input = { password: 'p' };
  redactVariables(input);
  assert.equal(input.password, 'p');
});
