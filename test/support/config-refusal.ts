/** Asserts that `configFromEnv(env)` stops start-up with a ConfigError naming `variable`, its message matching `message`. */
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/common/index.ts';
import { configFromEnv } from '../../src/gateway/index.ts';

export function refusesConfig(env: Record<string, string>, variable: string, message: RegExp): void {
  assert.throws(
    () => configFromEnv(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.variable, variable);
      assert.match(error.message, message);
      return true;
    },
  );
}
