import { MeshgateError } from '../../api/index.ts';

/** The engine's refusals: BAD_USER_INPUT (with `argument`), NOT_FOUND (a run), CONFLICT (a finished run). */
export class PipelineError extends MeshgateError {}

export function badPipelineInput(message: string, argument: string): PipelineError {
  return new PipelineError(message, { code: 'BAD_USER_INPUT', details: { argument } });
}

export function runNotFound(id: string): PipelineError {
  return new PipelineError(`No pipeline run ${id}.`, { code: 'NOT_FOUND', httpStatus: 404 });
}

export function runConflict(message: string): PipelineError {
  return new PipelineError(message, { code: 'CONFLICT', httpStatus: 409 });
}
