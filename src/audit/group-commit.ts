/**
 * Group commit: items submitted while nothing is being written wait up to `flushIntervalMs` (or
 * until `maxBatch` are waiting) and go in one write; items submitted during a write go in the next
 * one, right after it. One write in flight per committer; writers in other processes are
 * serialised by the database.
 */
export interface GroupCommitOptions<T> {
  flushIntervalMs: number;
  maxBatch: number;
  /** Writes a batch; its outcome settles every item in it. */
  write(items: T[]): Promise<void>;
}

export interface GroupCommitter<T> {
  /** Resolves when the batch holding `item` was written; rejects with the batch's error. */
  submit(item: T): Promise<void>;
  /** Resolves when everything submitted so far has been written or has failed. */
  flush(): Promise<void>;
  pending(): number;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createGroupCommitter<T>(options: GroupCommitOptions<T>): GroupCommitter<T> {
  const queue: Waiting<T>[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;

  const schedule = () => {
    if (writing) return; // the running drain takes new items when its write finishes
    if (queue.length >= options.maxBatch) startDrain();
    else timer ??= setTimeout(startDrain, options.flushIntervalMs);
  };
  const startDrain = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (writing || queue.length === 0) return;
    writing = drain().finally(() => {
      writing = null;
      if (queue.length > 0) schedule();
    });
  };
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      try {
        await options.write(batch.map((waiting) => waiting.item));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
  };

  return {
    submit(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    async flush() {
      while (queue.length > 0 || writing) {
        startDrain();
        await writing;
      }
    },
    pending: () => queue.length,
  };
}
