/**
 * One subscriber's bounded queue, read as an async iterator (what a GraphQL
 * subscription resolver returns). The producer side never waits: `push`
 * answers at once, and a full queue is the producer's cue to `fail` it, so a
 * slow reader cannot slow anyone else. Values already queued are still read
 * before a failure or end surfaces.
 */

export type PushOutcome = 'queued' | 'overflow' | 'closed';

export interface SubscriberQueue<T> extends AsyncIterableIterator<T> {
  push(value: T): PushOutcome;
  /** Ends the stream with `error` once the queued values are read. */
  fail(error: Error): void;
  /** Ends the stream normally once the queued values are read. */
  end(): void;
  readonly size: number;
  return(): Promise<IteratorResult<T>>;
}

type QueueState = { kind: 'open' } | { kind: 'ending' } | { kind: 'failing'; error: Error } | { kind: 'done' };

/** `onDone` runs once, when the reader is finished (ended, failed or returned early). */
export function createSubscriberQueue<T>(limit: number, onDone: () => void): SubscriberQueue<T> {
  const values: T[] = [];
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  let state: QueueState = { kind: 'open' };

  function finish(): void {
    if (state.kind === 'done') return;
    state = { kind: 'done' };
    values.length = 0;
    onDone();
  }

  /** Hands the next outcome to a waiting reader, if any. */
  function settleWaiting(): void {
    if (!waiting) return;
    const reader = waiting;
    if (values.length > 0) {
      waiting = undefined;
      reader.resolve({ value: values.shift()!, done: false });
      return;
    }
    switch (state.kind) {
      case 'open':
        return;
      case 'ending':
      case 'done':
        waiting = undefined;
        finish();
        reader.resolve({ value: undefined, done: true });
        return;
      case 'failing': {
        waiting = undefined;
        const { error } = state;
        finish();
        reader.reject(error);
        return;
      }
      default:
        throw new Error(`unknown queue state ${state satisfies never as unknown}`);
    }
  }

  const queue: SubscriberQueue<T> = {
    get size() {
      return values.length;
    },
    push(value) {
      if (state.kind !== 'open') return 'closed';
      if (values.length >= limit && !waiting) return 'overflow';
      values.push(value);
      settleWaiting();
      return 'queued';
    },
    fail(error) {
      if (state.kind !== 'open') return;
      state = { kind: 'failing', error };
      settleWaiting();
    },
    end() {
      if (state.kind !== 'open') return;
      state = { kind: 'ending' };
      settleWaiting();
    },
    next() {
      if (waiting) return Promise.reject(new Error('next() called while a previous next() is pending'));
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = { resolve, reject };
        settleWaiting();
      });
    },
    async return() {
      finish();
      settleWaiting();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
  };
  return queue;
}
