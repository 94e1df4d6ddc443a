/**
 * What the pipelines API shows of a declared pipeline: built from the
 * descriptors by the caller (the gateway), so this part knows no descriptor
 * internals. Assets are named as policy subjects are: `<domain>.lake.<dataset>`,
 * `<domain>.<Entity>`.
 */
import type { Partitioning } from '../engine/index.ts';

export interface PipelineStepInfo {
  name: string;
  description?: string;
  /** The assets the step reads (another step's input is that step's output asset). */
  inputs: string[];
  output: string;
  dependsOn: string[];
  /** Output fields and the input fields (`<asset>.<field>`) each is derived from; empty when unknown. */
  fieldLineage: { field: string; from: string[] }[];
}

export interface PipelineInfo {
  /** `<domain>.<name>`, also the last part of its policy subject `<domain>.pipeline.<name>`. */
  id: string;
  domain: string;
  name: string;
  description?: string;
  partitioning: Partitioning;
  schedule?: string;
  principal: string;
  steps: PipelineStepInfo[];
}

/** The policy subject of a pipeline id. */
export function pipelineSubject(id: string): string {
  const dot = id.indexOf('.');
  return `${id.slice(0, dot)}.pipeline.${id.slice(dot + 1)}`;
}
