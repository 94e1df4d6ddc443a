/** The engine of a gateway that runs no pipelines (e.g. one built without a platform database): every operation is refused with a code. */
import { MeshgateError } from '../../api/index.ts';
import type { PipelineEngine } from '../engine/index.ts';

export function noPipelineEngine(): PipelineEngine {
  const refuse = async (): Promise<never> => {
    throw new MeshgateError('This gateway runs no pipelines.', { code: 'BAD_REQUEST' });
  };
  return {
    start: refuse,
    stop: async () => {},
    run: refuse,
    retry: refuse,
    cancel: refuse,
    backfill: refuse,
    partitionLanded: refuse,
    getRun: async () => null,
    listRuns: async () => ({ runs: [], hasNextPage: false, endCursor: null }),
    onRunUpdate: async () => async () => {},
  };
}
