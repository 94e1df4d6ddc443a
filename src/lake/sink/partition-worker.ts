/**
 * One broker partition's share of the sink: buffers its messages, rolls them
 * into flushes, and resumes exactly where the catalog says after a restart
 * or a rebalance. Calls are serialised per partition (batches and timer
 * rolls never interleave).
 *
 * Resuming at offset X (the first message after a start, a rebalance or a
 * gap): the catalog's flush starting at X decides —
 * - complete: its objects exist; commit its last + 1 and drop its messages;
 * - pending: rewrite exactly its range (same messages, same object names);
 * - none: start a new flush at X.
 */
import type { CommitOffset, ConsumedMessage, ConsumerBatch } from '../../sources/index.ts';
import { findFlushAt, LakeCatalogError } from '../catalog/index.ts';
import { decodeEventMessage } from '../datasets/index.ts';
import { flushRange, type FlushContext, type FlushResult } from './flush.ts';
import type { SinkRow } from './parquet-writer.ts';
import { assertNever } from '../../common/index.ts';

export interface RollLimits {
  maxRows: number;
  maxBytes: number;
  maxAgeMs: number;
}

interface Buffer {
  first: string;
  last: string;
  rows: SinkRow[];
  messages: number;
  bytes: number;
  startedAt: number;
}

type WorkerState =
  | { kind: 'resuming' }
  | { kind: 'skipping'; through: bigint }
  | { kind: 'rebuilding'; through: bigint; buffer: Buffer | null }
  | { kind: 'buffering'; buffer: Buffer | null }
  /** A flush whose range is fixed (its claim may be recorded): retried as is until it succeeds. */
  | { kind: 'sealed'; buffer: Buffer; then: 'resuming' | 'buffering' };

export interface PartitionWorkerEvents {
  onFlushed(result: FlushResult): void;
  onUndecodable(message: ConsumedMessage, error: Error): void;
  onFenced(error: Error): void;
}

export interface PartitionWorker {
  handleBatch(batch: ConsumerBatch, commit: CommitOffset): Promise<void>;
  /** Flushes the buffer when it is older than `maxAgeMs` (called by the sink's timer). */
  rollIfDue(now: number): Promise<void>;
  /** Resolves when no batch or roll is in progress. */
  idle(): Promise<void>;
}

export function createPartitionWorker(ctx: FlushContext, topic: string, partition: number, limits: RollLimits, events: PartitionWorkerEvents): PartitionWorker {
  let state: WorkerState = { kind: 'resuming' };
  let next: bigint | null = null;
  let commit: CommitOffset | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => {});
    return result;
  };

  /** Seals the buffer, flushes it, then moves on; a failure leaves it sealed for the next attempt. */
  const seal = async (buffer: Buffer, then: 'resuming' | 'buffering'): Promise<void> => {
    state = { kind: 'sealed', buffer, then };
    try {
      events.onFlushed(await flushRange(ctx, { topic, partition, first: buffer.first, last: buffer.last, rows: buffer.rows }, commit!));
    } catch (error) {
      if (!(error instanceof LakeCatalogError && error.code === 'FENCED')) throw error;
      // Another member owns these offsets now: its flush holds them; ours is dropped.
      events.onFenced(error);
      state = { kind: 'resuming' };
      return;
    }
    state = then === 'resuming' ? { kind: 'resuming' } : { kind: 'buffering', buffer: null };
  };

  const append = (buffer: Buffer | null, message: ConsumedMessage): Buffer => {
    const target = buffer ?? { first: message.offset, last: message.offset, rows: [], messages: 0, bytes: 0, startedAt: Date.now() };
    target.last = message.offset;
    next = BigInt(message.offset) + 1n;
    target.messages++;
    target.bytes += message.value.length;
    try {
      const event = decodeEventMessage(ctx.runtime, message);
      target.rows.push({ record: event.record, partition, offset: message.offset });
    } catch (error) {
      events.onUndecodable(message, error as Error);
    }
    return target;
  };

  const accept = async (message: ConsumedMessage): Promise<void> => {
    const offset = BigInt(message.offset);
    switch (state.kind) {
      case 'resuming': {
        const found = await findFlushAt(ctx.db, topic, partition, message.offset);
        if (found === null) state = { kind: 'buffering', buffer: null };
        else if (found.status === 'complete') {
          await commit!((BigInt(found.flushLast) + 1n).toString());
          state = { kind: 'skipping', through: BigInt(found.flushLast) };
        } else state = { kind: 'rebuilding', through: BigInt(found.flushLast), buffer: null };
        return accept(message);
      }
      case 'skipping':
        if (offset > state.through) {
          state = { kind: 'resuming' };
          return accept(message);
        }
        if (offset === state.through) state = { kind: 'resuming' };
        next = offset + 1n;
        return;
      case 'rebuilding': {
        state.buffer = append(state.buffer, message);
        if (offset >= state.through) await seal(state.buffer, 'resuming');
        return;
      }
      case 'buffering': {
        const buffer = append(state.buffer, message);
        state.buffer = buffer;
        if (buffer.messages >= limits.maxRows || buffer.bytes >= limits.maxBytes) await seal(buffer, 'buffering');
        return;
      }
      case 'sealed':
        await seal(state.buffer, state.then);
        return accept(message);
      default:
        return assertNever(state, 'sink state');
    }
  };

  /** Messages already buffered (a redelivery) are dropped; any other jump restarts from the catalog. */
  const resumePoint = (batch: ConsumerBatch): bigint => {
    const first = BigInt(batch.firstOffset);
    if (next === null || first === next) return first;
    const buffered = bufferOf(state);
    if (buffered !== null && first >= BigInt(buffered.first) && first < next) return next;
    state = { kind: 'resuming' };
    return first;
  };

  return {
    handleBatch(batch, batchCommit) {
      return serial(async () => {
        commit = batchCommit;
        const from = resumePoint(batch);
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= from) await accept(message);
        }
      });
    },
    idle: () => serial(async () => {}),
    rollIfDue(now) {
      return serial(async () => {
        if (state.kind === 'sealed') return seal(state.buffer, state.then);
        if (state.kind !== 'buffering' || state.buffer === null || commit === null) return;
        if (now - state.buffer.startedAt >= limits.maxAgeMs) await seal(state.buffer, 'buffering');
      });
    },
  };
}

function bufferOf(state: WorkerState): Buffer | null {
  return state.kind === 'buffering' || state.kind === 'rebuilding' || state.kind === 'sealed' ? state.buffer : null;
}
