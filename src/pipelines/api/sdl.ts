/**
 * The pipelines part of the platform subgraph (which defines `scalar JSON`,
 * `type Query` and `type Mutation`). Names follow the pipelines issue so that
 * scripts can rely on them. Every mutation needs `execute` on
 * `<domain>.pipeline.<name>`; reading runs needs `read` on it.
 */

/** A run and its units: served by the platform API and by the live endpoint's `pipelineRun` subscription. */
export const PIPELINE_RUN_TYPES = /* GraphQL */ `
enum PipelineRunState { QUEUED RUNNING SUCCEEDED FAILED CANCELLED }
enum PipelineStepState { QUEUED RUNNING SUCCEEDED FAILED SKIPPED CANCELLED }

type PipelineRun {
  id: ID!
  "<domain>.<name>"
  pipeline: String!
  state: PipelineRunState!
  "mutation, cli, schedule, partition, backfill or retry."
  trigger: String!
  "The sub of the actor that started it, if any."
  triggeredBy: String
  "Partitions of the run; null for an unpartitioned pipeline."
  partitions: [String]!
  params: JSON
  "ISO 8601."
  createdAt: String!
  startedAt: String
  finishedAt: String
  "The run this one re-runs part of (retryPipelineRun)."
  parentRunId: ID
  steps: [PipelineStepRun!]!
}

"One unit of a run: a step over one partition."
type PipelineStepRun {
  name: String!
  partition: String
  state: PipelineStepState!
  attempts: Int!
  rowsIn: Float
  rowsOut: Float
  bytes: Float
  startedAt: String
  finishedAt: String
  durationMs: Float
  error: String
  "0 to 1, as the step reports it."
  progress: Float
  checks: [PipelineCheck!]!
  "The step's last log lines."
  logs: [String!]!
}

type PipelineCheck {
  name: String!
  passed: Boolean!
  "A failed blocking check fails its step and skips the downstream."
  blocking: Boolean!
  detail: String
}
`;

export const pipelinesTypeDefs = /* GraphQL */ `
extend type Query {
  "The pipelines of every data product that the caller may read (read on <domain>.pipeline.<name>)."
  pipelines: [Pipeline!]!
  "Runs, newest first, of the pipelines the caller may read."
  pipelineRuns(where: PipelineRunWhere, first: Int = 20, after: String): PipelineRunConnection!
  "One run, or null when it does not exist or the caller may not read its pipeline."
  pipelineRun(id: ID!): PipelineRun
  "What runPipeline with these arguments would run (steps × partitions), without running anything."
  planPipelineRun(pipeline: String!, partitions: [String!], steps: [String!]): PipelinePlan!
  "What retryPipelineRun with these arguments would run, without running anything: a dry run."
  planPipelineRetry(id: ID!, steps: [String!], scope: PipelineRetryScope = FAILED): PipelinePlan!
  "What backfillPipeline with these arguments would run, without running anything."
  planPipelineBackfill(pipeline: String!, from: String!, to: String!, onlyFailedOrMissing: Boolean = false): PipelinePlan!
  """
  The asset graph around an asset (<domain>.lake.<dataset> or <domain>.<Entity>) across domains:
  the steps that produce and consume it, and the fields each step derives from which input fields.
  """
  lineage(asset: String!, direction: LineageDirection = BOTH): Lineage!
}

extend type Mutation {
  """
  Starts a run of <domain>.<name>. partitions: 'YYYY-MM-DD' (day), 'YYYY-MM-DDTHH' (hour), none for an
  unpartitioned pipeline (default: the partition that closed last). steps: only these (default: every step).
  """
  runPipeline(pipeline: String!, partitions: [String!], params: JSON, steps: [String!]): PipelineRun!
  "Re-runs part of a run as a new run: its failed steps (FAILED), or the chosen steps alone or with their downstream, upstream or both."
  retryPipelineRun(id: ID!, steps: [String!], scope: PipelineRetryScope = FAILED): PipelineRun!
  "Cancels a run: queued steps are cancelled, running ones are asked to stop."
  cancelPipelineRun(id: ID!): PipelineRun!
  "One run over every partition from 'from' to 'to' (inclusive), at most 'concurrency' units at once."
  backfillPipeline(pipeline: String!, from: String!, to: String!, onlyFailedOrMissing: Boolean = false, concurrency: Int): PipelineRun!
}

enum PipelineRetryScope { FAILED ONLY DOWNSTREAM UPSTREAM BOTH }
enum LineageDirection { UPSTREAM DOWNSTREAM BOTH }

input PipelineRunWhere {
  "<domain>.<name>"
  pipeline: String
  state: PipelineRunState
}

type Pipeline {
  "<domain>.<name>"
  id: String!
  domain: String!
  name: String!
  description: String
  "day, hour or none."
  partitioning: String!
  "Cron (UTC), when scheduled."
  schedule: String
  "The service principal the pipeline reads as (its sub)."
  principal: String!
  steps: [PipelineStep!]!
}

type PipelineStep {
  name: String!
  description: String
  "Input assets: <domain>.lake.<dataset>, <domain>.<Entity>."
  inputs: [String!]!
  "The asset the step writes."
  output: String!
  dependsOn: [String!]!
}

${PIPELINE_RUN_TYPES}
type PipelineRunConnection {
  nodes: [PipelineRun!]!
  pageInfo: PipelineRunPageInfo!
}

type PipelineRunPageInfo {
  hasNextPage: Boolean!
  endCursor: String
}

type PipelinePlan {
  pipeline: String!
  units: [PipelinePlanUnit!]!
}

type PipelinePlanUnit {
  step: String!
  partition: String
}

type Lineage {
  nodes: [LineageNode!]!
  edges: [LineageEdge!]!
}

type LineageNode {
  "<domain>.lake.<dataset> or <domain>.<Entity>"
  asset: String!
  domain: String!
  "dataset or entity."
  kind: String!
}

"A step reading one asset and writing another."
type LineageEdge {
  from: String!
  to: String!
  "<domain>.<pipeline>.<step>"
  step: String!
  "Output fields and the input fields they are derived from (empty when the step does not say)."
  fields: [FieldLineage!]!
}

type FieldLineage {
  field: String!
  from: [String!]!
}
`;
