/** MESHGATE_MAX_INPUT_DEPTH: 32 by default, an integer from 2 to 64, anything else stops start-up naming the variable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/index.ts';
import { configFromEnv } from '../../../src/gateway/index.ts';

test('the input depth limit defaults to 32 and takes an integer from 2 to 64', () => {
  assert.equal(configFromEnv({}).maxInputDepth, 32);
  assert.equal(configFromEnv({ MESHGATE_MAX_INPUT_DEPTH: '16' }).maxInputDepth, 16);
  for (const bad of ['1', '65', '8.5', 'deep']) {
    assert.throws(
      () => configFromEnv({ MESHGATE_MAX_INPUT_DEPTH: bad }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^MESHGATE_MAX_INPUT_DEPTH: must be an integer from 2 to 64/);
        return true;
      },
    );
  }
});
