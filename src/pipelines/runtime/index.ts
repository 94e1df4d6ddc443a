/** Running the mesh's compiled pipeline steps for the engine: inputs read as the principal, outputs published exactly once. */
export type { ActAsPrincipal, StepRuntimeOptions } from './executor.ts';
export { createStepExecutor } from './executor.ts';
export { StepOutputError } from './outputs.ts';
