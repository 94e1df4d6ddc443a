/**
 * The ingestion pipeline of one batch: prepare (envelope, dataset, schema) →
 * authorise (`create`, per event) → deliver (deduplicate, claim, produce,
 * record) → audit and metrics. A batch resolves only once the broker
 * acknowledged every event it reports accepted.
 */
import { isGoverned, ruleName, touch, type GovernedContext } from '../../governed/index.ts';
import { datasetIndex, type DatasetRuntime } from '../datasets/index.ts';
import { authorise, type SubjectDecision } from './authorise.ts';
import { createClaimStore } from './claims.ts';
import { deliver, type Outcome } from './deliver.ts';
import { IngestError } from './errors.ts';
import { prepareEvent, type PreparedEvent } from './prepare.ts';
import { createTopicProducer } from './produce.ts';
import { prepareSegmentMessage, segmentEventIndex } from './segment.ts';
import type { Ingestor, IngestorOptions, IngestLimits, IngestResult } from './types.ts';

export const DEFAULT_LIMITS: IngestLimits = { maxEvents: 1000, maxBytes: 1024 * 1024 };

export function createIngestor(options: IngestorOptions): Ingestor {
  const limits: IngestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const datasets = datasetIndex(options.datasets);
  const segmentEvents = segmentEventIndex(options.datasets);
  const deps = {
    claims: createClaimStore(options.db, options.abandonedClaimSeconds ?? 60),
    producer: createTopicProducer(options.broker, options.topicPartitions ?? 3),
    logger: options.logger,
  };
  const checkCount = (count: number): void => {
    if (count > limits.maxEvents) {
      throw new IngestError('BATCH_TOO_LARGE', `a batch holds at most ${limits.maxEvents} events; this one has ${count}`);
    }
  };
  const run = async (prepared: PreparedEvent[], context: unknown): Promise<IngestResult> => {
    const stopTimer = options.metrics?.ingestBatchSeconds.startTimer();
    const governed = isGoverned(context) ? context : undefined;
    try {
      const named = new Set(prepared.flatMap((item) => (item.kind === 'valid' ? [item.runtime] : [])));
      const { events, decisions } = authorise(prepared, governed?.access);
      const outcomes = await deliver(
        events.filter((e) => e.kind === 'valid'),
        deps,
      );
      const result = assemble(events, outcomes);
      if (governed) recordAccess(governed, named, result, decisions);
      countMetrics(options, result);
      return result;
    } finally {
      stopTimer?.();
    }
  };
  return {
    limits,
    datasets: options.datasets,
    async ingest(batch, context) {
      checkCount(batch.length);
      return run(
        batch.map((raw, index) => prepareEvent(raw, index, datasets)),
        context,
      );
    },
    async ingestSegment(messages, context) {
      checkCount(messages.length);
      const receivedAt = new Date().toISOString();
      return run(
        messages.map((message, index) => prepareSegmentMessage(message, index, segmentEvents, receivedAt)),
        context,
      );
    },
  };
}

function assemble(events: readonly PreparedEvent[], outcomes: Map<number, Outcome>): IngestResult {
  const result: IngestResult = { accepted: [], rejected: [] };
  for (const item of events) {
    const outcome: Outcome = item.kind === 'rejected' ? { kind: 'rejected', rejection: item.rejection } : outcomes.get(item.index)!;
    if (outcome.kind === 'accepted') result.accepted.push(outcome.accepted);
    else result.rejected.push(outcome.rejection);
  }
  return result;
}

/** One touch per dataset the batch's valid events named: allow, partial (some FORBIDDEN) or deny (all FORBIDDEN). */
function recordAccess(context: GovernedContext, named: ReadonlySet<DatasetRuntime>, result: IngestResult, decisions: Map<string, SubjectDecision>): void {
  const acceptedPerDataset = Map.groupBy(result.accepted, (event) => event.dataset);
  const forbidden = new Set(result.rejected.filter((r) => r.code === 'FORBIDDEN').map((r) => r.dataset));
  for (const runtime of named) {
    const accepted = acceptedPerDataset.get(runtime.qualifiedName)?.length ?? 0;
    const denied = forbidden.has(runtime.qualifiedName) && accepted === 0;
    const rule = ruleName(decisions.get(runtime.subject)?.rule);
    touch(context, 'lake', 'create', {
      domain: runtime.domain,
      subject: runtime.subject,
      fields: denied ? [] : runtime.fields.map((field) => field.name),
      rows: accepted,
      decision: denied ? 'deny' : forbidden.has(runtime.qualifiedName) ? 'partial' : 'allow',
      ...(rule === undefined ? {} : { rule }),
    });
  }
}

function countMetrics(options: IngestorOptions, result: IngestResult): void {
  const metrics = options.metrics;
  if (!metrics) return;
  for (const event of result.accepted) (event.duplicate ? metrics.eventsDuplicate : metrics.eventsAccepted).inc({ dataset: event.dataset });
  for (const event of result.rejected) metrics.eventsRejected.inc({ dataset: event.dataset ?? 'unknown', code: event.code });
}
