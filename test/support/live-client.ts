/**
 * One live subscription for a test: subscribes at /graphql/live as a caller
 * and resolves with what the server answered first — a refusal (`errors`,
 * whether sent as an error message or as a result), or the first events.
 */
import WebSocket from 'ws';
import { createClient } from 'graphql-ws/client';
import { tokenFor, type Caller } from './test-gateway.ts';

export interface LiveAnswer {
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  events: any[];
}

export interface LiveSubscription {
  /** Resolves after the subscription started (or was refused) and `count` events arrived, or on a refusal. */
  answer: Promise<LiveAnswer>;
  /** Resolves once the server has had time to start the stream (graphql-ws acknowledges no subscribe). */
  started: Promise<void>;
  close(): Promise<void>;
}

export async function subscribeLive(baseUrl: string, caller: Caller, query: string, count = 1, variables?: Record<string, unknown>): Promise<LiveSubscription> {
  const token = await tokenFor(caller);
  const client = createClient({
    url: `${baseUrl.replace('http', 'ws')}/graphql/live`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
  });
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  client.on('connected', () => setTimeout(ready, 1000));
  const events: any[] = [];
  const answer = new Promise<LiveAnswer>((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.errors && !value.data) return resolve({ errors: value.errors as LiveAnswer['errors'], events });
          events.push(value);
          if (events.length === count) resolve({ events });
        },
        error: (error) => resolve({ errors: Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }], events }),
        complete: () => resolve({ events }),
      },
    );
  });
  return { answer, started, close: () => client.dispose() as Promise<void> };
}
