/** MESHGATE_RATE_LIMIT_ACTOR / MESHGATE_RATE_LIMIT_IP: off by default, `<points>/<seconds>` or `off`; anything else stops start-up naming the variable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/index.ts';
import { configFromEnv } from '../../../src/gateway/index.ts';

test('rate limits are off by default and take <points>/<seconds> or off', () => {
  assert.deepEqual(configFromEnv({}).rateLimits, { actor: 'off', ip: 'off' });
  assert.deepEqual(configFromEnv({ MESHGATE_RATE_LIMIT_ACTOR: '600/60', MESHGATE_RATE_LIMIT_IP: 'off' }).rateLimits, {
    actor: { points: 600, seconds: 60 },
    ip: 'off',
  });
  assert.deepEqual(configFromEnv({ MESHGATE_RATE_LIMIT_IP: ' 5/1 ' }).rateLimits.ip, { points: 5, seconds: 1 });
});

test('a malformed rate limit names its variable and the allowed shape', () => {
  for (const [name, bad] of [
    ['MESHGATE_RATE_LIMIT_ACTOR', '600'],
    ['MESHGATE_RATE_LIMIT_ACTOR', '0/60'],
    ['MESHGATE_RATE_LIMIT_IP', '10/0'],
    ['MESHGATE_RATE_LIMIT_IP', '10/86401'],
    ['MESHGATE_RATE_LIMIT_IP', '1.5/60'],
    ['MESHGATE_RATE_LIMIT_IP', 'ten per minute'],
  ] as const) {
    assert.throws(
      () => configFromEnv({ [name]: bad }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.variable, name);
        assert.match(error.message, new RegExp(`^${name}: must be <points>/<seconds> .* or off, got "${bad}"$`));
        return true;
      },
    );
  }
});
