import type { PipelineDescriptor } from './pipeline-types.ts';

/**
 * The data-product descriptor: what a domain team writes in
 * `domains/<name>/product.ts` with `defineDataProduct`. One descriptor carries
 * ownership and the four planes of one domain. The engine reads only this
 * shape; it never names a demo domain.
 *
 * Planes that later issues fill (lake, analytical, predictive, pipelines) are
 * declared here already so that descriptors written today keep validating.
 */

import type { Classification, FieldType } from './field-types.ts';

export type { Classification, FieldType } from './field-types.ts';

export interface FieldDescriptor {
  type: FieldType;
  description?: string;
  /** Defaults to true except for the entity key. */
  nullable?: boolean;
  /** A list of scalars (stored as an array column or array in a document). */
  list?: boolean;
  /** Storage name when it differs from the field name (column or document path). */
  column?: string;
  classification?: Classification[];
  /** Whether `where` may filter on it; default true for scalar non-JSON fields. */
  filterable?: boolean;
  /** Whether `orderBy` may sort on it; default true for scalar non-JSON, non-list fields. */
  sortable?: boolean;
}

export type OperationalSource = { kind: 'postgres'; table: string; schema?: string } | { kind: 'mongo'; collection: string };

/**
 * A relation from this entity to another one.
 * - `one`: this entity's `field` holds the target's key (a foreign key).
 * - `many`: the target's `field` holds this entity's key (the reverse side).
 * `target` is `Entity` in the same domain or `domain.Entity` in another one;
 * a cross-domain `one` becomes a federation reference resolved by the gateway.
 * Cross-domain `many` is not allowed: the owning domain of the target exposes it.
 */
export interface RelationDescriptor {
  kind: 'one' | 'many';
  target: string;
  field: string;
  description?: string;
}

export interface EntityDescriptor {
  description?: string;
  source: OperationalSource;
  /** The field that identifies a row; becomes the federation `@key`. */
  key: string;
  fields: Record<string, FieldDescriptor>;
  relations?: Record<string, RelationDescriptor>;
  /** Largest page a list may ask for; defaults to the gateway's maximum. */
  maxPageSize?: number;
}

export interface OperationalPlane {
  entities: Record<string, EntityDescriptor>;
}

/** A lake dataset (filled by the events and lake issue). */
export interface DatasetDescriptor {
  description?: string;
  fields: Record<string, FieldDescriptor>;
  eventTime: string;
  partitioning: 'day' | 'hour';
  retentionDays?: number;
  /** The field whose value keys Kafka messages (an entity id). */
  keyField?: string;
  /**
   * `<pipeline>.<step>` of this domain when a pipeline step writes the dataset:
   * it is then derived (no topic, ingestion refuses events for it).
   */
  producedBy?: string;
}

/** An analytical cube (filled by the analytics issue). */
export interface CubeDescriptor {
  description?: string;
  source: { kind: 'dataset'; dataset: string } | { kind: 'entity'; entity: string } | { kind: 'sql'; sql: string };
  measures: Record<string, { type: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'countDistinct'; field?: string; description?: string }>;
  dimensions: Record<string, { field: string; type: FieldType; description?: string }>;
  timeDimension?: string;
  segments?: Record<string, { filter: string; description?: string }>;
}

/** A predictive model (filled by the prediction issue). */
export interface ModelDescriptor {
  description?: string;
  kind: 'regression' | 'classification' | 'ranking' | 'embedding';
  features: string[];
  label?: string;
  /** `domain.Entity.field` the batch scores are written to, if any. */
  scores?: string;
}

export interface Owner {
  team: string;
  contact: string;
}

/** One page of rows that a seed generator yields for one entity. */
export interface SeedBatch {
  entity: string;
  rows: Record<string, unknown>[];
}

export interface SeedContext {
  /** 1 ≈ 1k users and 10k orders in the demo domains; proportional above. */
  scale: number;
}

/** A deterministic generator of a domain's demo data. */
export interface SeedGenerator {
  /** Rows each entity will get at this scale, for progress reporting. */
  plannedRows(ctx: SeedContext): Record<string, number>;
  generate(ctx: SeedContext): Iterable<SeedBatch> | AsyncIterable<SeedBatch>;
  /** Events each of the domain's datasets will get in the history, for progress reporting. */
  plannedEvents?(ctx: EventSeedContext): Record<string, number>;
  /**
   * A deterministic event history, sent through ingestion as a client's
   * events are (validated, authorised, deduplicated, produced, landed by the
   * sink). Event ids are functions of the event, so a re-seed is a no-op.
   */
  events?(ctx: EventSeedContext): Iterable<SeedEventBatch>;
}

export interface EventSeedContext extends SeedContext {
  /** The history covers the `days` whole UTC days before `until` (a UTC midnight). */
  until: Date;
  days: number;
}

/** Events of one of the domain's datasets, in event-time order. */
export interface SeedEventBatch {
  /** A dataset of this domain. */
  dataset: string;
  events: { eventId: string; data: Record<string, unknown> }[];
}

export interface DataProductDescriptor {
  /** Lower-case identifier; namespaces the domain's root field and subjects. */
  name: string;
  /** Semantic version of the data product's contract. */
  version: string;
  description: string;
  owner: Owner;
  tags?: string[];
  operational?: OperationalPlane;
  lake?: { datasets: Record<string, DatasetDescriptor> };
  analytical?: { cubes: Record<string, CubeDescriptor> };
  predictive?: { models: Record<string, ModelDescriptor> };
  pipelines?: Record<string, PipelineDescriptor>;
  seed?: SeedGenerator;
}

/** A descriptor that passed validation; the engine accepts only these. */
export type DataProduct = Readonly<DataProductDescriptor> & { readonly __validated: true };
