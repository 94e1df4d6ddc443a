import type { StatementEvent, StatementListener } from './port.ts';

/** The listeners of one source; each statement is reported once, before it runs. */
export interface StatementListeners {
  subscribe(listener: StatementListener): () => void;
  report(event: StatementEvent): void;
}

export function createStatementListeners(): StatementListeners {
  const listeners = new Set<StatementListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    report(event) {
      for (const listener of listeners) listener(event);
    },
  };
}
