/** The retention settings: the ingestion dedup window and the gateway's retention interval, validated at start. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/index.ts';
import { configFromEnv } from '../../../src/gateway/index.ts';

const base = { MESHGATE_DATA_DIR: 'memory://' };

describe('retention configuration', () => {
  test('claims deduplicate for 7 days and retention runs hourly unless set; 0 turns the gateway job off', () => {
    assert.deepEqual(configFromEnv(base).retention, { dedupDays: 7, intervalSeconds: 3600 });
    const set = configFromEnv({ ...base, MESHGATE_INGEST_DEDUP_DAYS: '30', MESHGATE_LAKE_RETENTION_INTERVAL_SECONDS: '0' });
    assert.deepEqual(set.retention, { dedupDays: 30, intervalSeconds: 0 });
  });

  test('an invalid value stops start-up naming the variable and what is allowed', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['MESHGATE_INGEST_DEDUP_DAYS', '0', /must be an integer from 1 to 3650, got "0"/],
      ['MESHGATE_INGEST_DEDUP_DAYS', 'week', /must be an integer from 1 to 3650, got "week"/],
      ['MESHGATE_LAKE_RETENTION_INTERVAL_SECONDS', '-5', /must be an integer from 0 to 604800, got "-5"/],
    ];
    for (const [variable, value, message] of cases) {
      assert.throws(
        () => configFromEnv({ ...base, [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && message.test(error.message),
      );
    }
  });
});
