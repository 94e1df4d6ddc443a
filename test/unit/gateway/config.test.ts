/**
 * Gateway configuration from the environment: the lake's object cache bound
 * (`MESHGATE_LAKE_CACHE_BYTES`), and one ConfigError, naming the variable and
 * what is allowed, for the gateway's settings and auth's alike.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authConfigFromEnv } from '../../../src/auth/index.ts';
import { ConfigError } from '../../../src/common/index.ts';
import { configFromEnv } from '../../../src/gateway/index.ts';

const base = { MESHGATE_DATA_DIR: 'memory://' };

describe('configFromEnv', () => {
  test('MESHGATE_LAKE_CACHE_BYTES bounds the lake object cache: 1 GiB unless set', () => {
    assert.equal(configFromEnv(base).lake.cacheBytes, 1024 ** 3);
    assert.equal(configFromEnv({ ...base, MESHGATE_LAKE_CACHE_BYTES: '268435456' }).lake.cacheBytes, 256 * 1024 * 1024);
  });

  test('an invalid MESHGATE_LAKE_CACHE_BYTES stops start-up naming the variable and what is allowed', () => {
    for (const value of ['lots', '-1', '1.5', '1000']) {
      assert.throws(
        () => configFromEnv({ ...base, MESHGATE_LAKE_CACHE_BYTES: value }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.code === 'INVALID_CONFIG' &&
          error.variable === 'MESHGATE_LAKE_CACHE_BYTES' &&
          /^MESHGATE_LAKE_CACHE_BYTES: must be an integer from 1048576 to \d+, got "/.test(error.message),
      );
    }
  });

  test('auth settings fail with the same ConfigError', () => {
    assert.throws(
      () => authConfigFromEnv({ AUTH_JWT_SECRET: 'short' }),
      (error: unknown) => error instanceof ConfigError && error.name === 'ConfigError' && error.variable === 'AUTH_JWT_SECRET',
    );
  });
});
