/** kafkajs plumbing shared by the Kafka adapter: its logs routed to ours, its errors translated. */
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../../../observability/index.ts';
import { BrokerError } from '../port.ts';

/** kafkajs logs only warnings and errors, through our logger; nothing at all without one. */
export function kafkaLogCreator(logger: Logger | undefined): logCreator {
  return () => (entry) => {
    if (!logger) return;
    const { message, timestamp: _timestamp, logger: _name, ...fields } = entry.log;
    const context = { kafka: entry.namespace, ...fields };
    switch (entry.level) {
      case logLevel.ERROR:
        logger.error(context, message);
        return;
      case logLevel.WARN:
        logger.warn(context, message);
        return;
      default:
        logger.debug(context, message);
    }
  };
}

/** Runs `operation`, turning kafkajs's failures into `BrokerError`s (keeping kafkajs's `retriable`). */
export async function translatingKafkaErrors<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BrokerError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    const type = (error as { type?: unknown }).type;
    const code = type === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'UNKNOWN_TOPIC' : 'BROKER_UNAVAILABLE';
    // A missing topic needs `ensureTopic`, not another try.
    const retriable = code !== 'UNKNOWN_TOPIC' && (error as { retriable?: unknown }).retriable === true;
    throw new BrokerError('kafka', code, `${operation}: ${detail}`, retriable, { cause: error });
  }
}

/** A lazily started connection: connects on first use, once, and retries after a failed attempt. */
export function lazyConnection<T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(client: T) {
  let connecting: Promise<T> | undefined;
  return {
    get(): Promise<T> {
      connecting ??= client.connect().then(
        () => client,
        (error: unknown) => {
          connecting = undefined;
          throw error;
        },
      );
      return connecting;
    },
    async disconnect(): Promise<void> {
      if (connecting)
        await connecting.then(
          () => client.disconnect(),
          () => {},
        );
      connecting = undefined;
    },
  };
}

export function assertOffset(adapter: 'kafka' | 'local', offset: string): void {
  if (!/^\d+$/.test(offset)) throw new BrokerError(adapter, 'INVALID_OFFSET', `offset ${JSON.stringify(offset)} is not a decimal integer`, false);
}
