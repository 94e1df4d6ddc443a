/**
 * Pipelines in the descriptor: a domain declares pipelines of steps; a step
 * reads typed inputs and produces one asset (a derived lake dataset or an
 * upsert into an operational entity). `transform` is pure: it builds a
 * relational plan from symbolic inputs and runs nothing, so the plan is built
 * and type-checked at load and compiled to DuckDB when the step runs.
 */
import type { Relation } from './relation/relation.ts';

/** How a pipeline's runs are cut: one run per lake partition, or one run in all. */
export type PipelinePartitioning = 'day' | 'hour' | 'none';

/** The service principal a pipeline's reads run as (its policies are pushed down). */
export interface PipelinePrincipal {
  sub: string;
  roles: string[];
  claims?: Record<string, string>;
}

export type StepInput =
  /** `viewed` or `engagement.viewed`; for a partitioned step: its partition and the `partitions - 1` before it. */
  | { dataset: string; window?: { partitions: number } }
  /** `User` or `identity.User`: the current rows, read under the principal's policy. */
  | { entity: string }
  /** `otherStep` of this pipeline, or `domain.pipeline.step` (another domain's published output). */
  | { step: string };

export type StepOutput = { dataset: string } | { entity: string; mode: 'upsert' };

interface CheckBase {
  /** A failing blocking check stops downstream steps; default true. */
  blocking?: boolean;
}

export type CheckDescriptor =
  | (CheckBase & { kind: 'rowCount'; min?: number; max?: number })
  | (CheckBase & { kind: 'notNull'; fields: string[] })
  | (CheckBase & { kind: 'unique'; fields: string[] })
  | (CheckBase & { kind: 'acceptedValues'; field: string; values: Array<string | number | boolean> })
  /** The newest `field` is at most `maxAgeHours` before the partition's end (or now, unpartitioned). */
  | (CheckBase & { kind: 'freshness'; field: string; maxAgeHours: number });

export interface StepDescriptor {
  description?: string;
  inputs: Record<string, StepInput>;
  output: StepOutput;
  /** Pure: builds a plan over the symbolic inputs, runs nothing. */
  transform: (inputs: Record<string, Relation>) => Relation;
  checks?: CheckDescriptor[];
  /** Extra ordering; step inputs imply dependencies already. */
  dependsOn?: string[];
}

export interface PipelineDescriptor {
  description?: string;
  principal: PipelinePrincipal;
  /** Default `none`; partitions align with lake partitions. */
  partitioning?: PipelinePartitioning;
  /** Cron, 5 fields, UTC; validated at load. */
  schedule?: string;
  retries?: { maxAttempts: number; backoffSeconds: number };
  steps: Record<string, StepDescriptor>;
}
