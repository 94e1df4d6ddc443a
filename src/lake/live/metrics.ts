/** Prometheus metrics of live streams, registered on the registry the gateway serves at `/metrics`. */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface LiveMetrics {
  /** Open live subscriptions per dataset. */
  activeSubscriptions: Gauge<'dataset'>;
  /** Events handed to subscribers (after filters), per dataset. */
  eventsDelivered: Counter<'dataset'>;
  /** Subscriptions closed because their queue overflowed, per dataset. */
  slowSubscribersClosed: Counter<'dataset'>;
}

export function liveMetrics(registry: Registry): LiveMetrics {
  return {
    activeSubscriptions: new Gauge({
      name: 'meshgate_live_subscriptions',
      help: 'Open live event subscriptions.',
      labelNames: ['dataset'],
      registers: [registry],
    }),
    eventsDelivered: new Counter({
      name: 'meshgate_live_events_delivered_total',
      help: 'Events queued to live subscribers after their filters.',
      labelNames: ['dataset'],
      registers: [registry],
    }),
    slowSubscribersClosed: new Counter({
      name: 'meshgate_live_slow_subscribers_total',
      help: 'Live subscriptions closed because they did not keep up.',
      labelNames: ['dataset'],
      registers: [registry],
    }),
  };
}
