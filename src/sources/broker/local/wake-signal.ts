/** Wakes waiting consumer loops when data arrives, the group changes or a member stops. */
export interface WakeSignal {
  /** Resolves on the next `wakeAll` or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void>;
  wakeAll(): void;
}

export function createWakeSignal(): WakeSignal {
  const waiters = new Set<() => void>();
  return {
    wait(ms) {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiters.add(done);
      });
    },
    wakeAll() {
      for (const wake of [...waiters]) wake();
    },
  };
}
