/**
 * The `ingestEvents` mutation for the platform subgraph (which defines
 * `scalar JSON` and `type Mutation`). Same pipeline and answers as
 * `POST /v1/events`; a batch over the limits fails the field with
 * BATCH_TOO_LARGE or PAYLOAD_TOO_LARGE, per-event problems are `rejected`.
 */
import { IngestError } from './errors.ts';
import type { Ingestor } from './types.ts';

export const ingestTypeDefs = /* GraphQL */ `
extend type Mutation {
  """
  Sends a batch of events to their lake datasets. Answers once the broker acknowledged every accepted event;
  each event is in \`accepted\` or \`rejected\` with its position in the batch. Needs create on each dataset.
  """
  ingestEvents(events: [IngestEventInput!]!): IngestResult!
}

input IngestEventInput {
  "The dataset as <domain>.<dataset>, e.g. engagement.viewed."
  dataset: String!
  "Makes retries idempotent; the gateway generates a time-ordered UUID when absent."
  eventId: String
  "The dataset's fields by name."
  data: JSON!
}

type IngestResult {
  accepted: [IngestAcceptedEvent!]!
  rejected: [IngestRejectedEvent!]!
}

type IngestAcceptedEvent {
  index: Int!
  eventId: String!
  dataset: String!
  partition: Int!
  "Offset in the partition, a decimal string."
  offset: String!
  "True when the id was ingested before: the original position is given and nothing was sent again."
  duplicate: Boolean!
}

type IngestRejectedEvent {
  index: Int!
  eventId: String
  dataset: String
  "UNKNOWN_DATASET, INVALID_EVENT, INVALID_EVENT_ID, UNKNOWN_FIELD, MISSING_FIELD, WRONG_TYPE, FORBIDDEN, BROKER_UNAVAILABLE or IN_PROGRESS."
  code: String!
  field: String
  reason: String!
  "Whether sending the same event again may succeed."
  retriable: Boolean!
}
`;

interface IngestArgs {
  events: { dataset: string; eventId?: string | null; data: unknown }[];
}

export function ingestResolvers(ingestor: Ingestor) {
  return {
    Mutation: {
      async ingestEvents(_root: unknown, args: IngestArgs, context: unknown) {
        const bytes = Buffer.byteLength(JSON.stringify(args.events));
        if (bytes > ingestor.limits.maxBytes) {
          throw new IngestError('PAYLOAD_TOO_LARGE', `the events exceed ${ingestor.limits.maxBytes} bytes`);
        }
        const batch = args.events.map(({ dataset, eventId, data }) => (eventId == null ? { dataset, data } : { dataset, eventId, data }));
        return ingestor.ingest(batch, context);
      },
    },
  };
}
