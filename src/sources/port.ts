/**
 * The record-source port: what the operational plane needs from a store of
 * entity rows. Adapters (PostgreSQL, PGlite, MongoDB, documents over PGlite
 * JSONB) translate these calls and nothing more; every one passes the shared
 * contract suite in `test/contract/record-source.contract.ts`.
 *
 * Contracts every adapter keeps:
 * - One call issues at most one statement (SQL) or one command (Mongo) for
 *   reads, so batching above is countable. `onStatement` reports each one.
 * - Values are always parameters, never spliced into SQL text.
 * - Filters are evaluated by the store (pushed down), never after fetching.
 * - A filter the adapter cannot express throws `UnsupportedFilterError`
 *   (fail closed), never a wider result.
 */

export type ScalarType = 'ID' | 'String' | 'Int' | 'Float' | 'Boolean' | 'DateTime' | 'JSON';

/** Values as the port carries them: DateTime is a `Date`, JSON any JSON value. */
export type Value = string | number | boolean | null | Date | unknown[] | Record<string, unknown>;
export type Row = Record<string, unknown>;

export type ComparisonOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

/**
 * A filter tree over logical field names (not columns). NULL semantics, the
 * same in every adapter (a missing document field counts as NULL):
 * - every comparison, `in` and `contains` is false on NULL, except
 *   `eq null` (IS NULL) and `ne x`, which is `not(eq x)`: NULL rows included
 *   (SQL `IS DISTINCT FROM`, Mongo `$ne`);
 * - `not` is the exact complement of its filter, NULL rows included;
 * - `lt/lte/gt/gte null` and `in []` select nothing; `in` with a null among
 *   its values also selects NULL rows;
 * - only `eq null` / `ne null` apply to list and JSON fields; anything else
 *   on them, or a value of the wrong type, throws `UnsupportedFilterError`.
 */
export type Filter =
  | { op: 'and'; filters: Filter[] }
  | { op: 'or'; filters: Filter[] }
  | { op: 'not'; filter: Filter }
  | { op: ComparisonOp; field: string; value: Value }
  | { op: 'in'; field: string; values: Value[] }
  /** Case-sensitive substring match on a String field. */
  | { op: 'contains'; field: string; value: string }
  /** Constant filters: `false` selects nothing (policies use it to fail closed). */
  | { op: 'const'; value: boolean };

export interface FieldSpec {
  /** Logical field name as the API shows it. */
  name: string;
  /** Column name (SQL) or top-level document key (Mongo). */
  column: string;
  type: ScalarType;
  list?: boolean;
  nullable: boolean;
}

/** Where an entity's rows live, as an adapter sees it. */
export interface CollectionSpec {
  /** Table (SQL) or collection (Mongo) name. */
  name: string;
  /** SQL schema; ignored by document stores. */
  schema?: string;
  /** Logical name of the key field; unique, non-null. */
  key: string;
  fields: FieldSpec[];
  /**
   * Logical fields to index besides the key (foreign keys relations look rows
   * up by). `ensureCollection` creates them where the store supports it.
   */
  indexes?: string[];
}

/**
 * NULL sorts as the smallest value in every adapter (first ascending, last
 * descending; Mongo's order), strings in byte order (SQL `COLLATE "C"`).
 * List and JSON fields are not sortable.
 */
export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

export interface FindQuery {
  where?: Filter;
  /**
   * Sort order. The caller always appends the key as the last sort key so
   * that the order is total and keyset cursors are exact.
   */
  orderBy: SortKey[];
  /**
   * Keyset cursor: the values of the `orderBy` fields of the last row of the
   * previous page; rows strictly after it (in `orderBy` order) are returned.
   */
  after?: Value[];
  limit: number;
  /** Logical fields to return; the key and the `orderBy` fields are always added. */
  fields: string[];
}

export interface FindByValuesQuery {
  /** The field matched against `values` (a key or a foreign key). */
  field: string;
  values: Value[];
  where?: Filter;
  orderBy: SortKey[];
  fields: string[];
  /**
   * At most this many rows per distinct value of `field`, if set, the first in
   * `orderBy` order. SQL ranks in the store (ROW_NUMBER); FerretDB v1 has no
   * window stage, so the Mongo adapter trims the one sorted result instead.
   * Null values match nothing.
   */
  limitPerValue?: number;
}

export interface StatementEvent {
  /** `sql` for SQL stores, `mongo` for document commands. */
  kind: 'sql' | 'mongo';
  /** The SQL text or the Mongo command name with its collection. */
  text: string;
}

export type StatementListener = (event: StatementEvent) => void;

export interface RecordSource {
  /** `postgres`, `pglite`, `mongo` or `pglite-document`: for logs and the catalog. */
  readonly adapter: string;
  /** The descriptor source kind it serves. */
  readonly serves: 'postgres' | 'mongo';
  /** One page of rows, ordered and filtered by the store. */
  find(spec: CollectionSpec, query: FindQuery): Promise<Row[]>;
  /** Rows whose `field` is any of `values`: one statement, however many values. */
  findByValues(spec: CollectionSpec, query: FindByValuesQuery): Promise<Row[]>;
  /** Creates the table or collection (and a unique index on the key) if missing. */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  /** Inserts rows, replacing a row whose key exists (for idempotent seeding). */
  upsertMany(spec: CollectionSpec, rows: Row[]): Promise<void>;
  /** Rows in the collection (seeding checks, the catalog). */
  count(spec: CollectionSpec): Promise<number>;
  /** Removes every row (tests). */
  truncate(spec: CollectionSpec): Promise<void>;
  /** Subscribes to each statement or command issued; returns the unsubscribe. */
  onStatement(listener: StatementListener): () => void;
  /** True when the store answers a trivial query (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Raised when a filter cannot be expressed by an adapter: fail closed. */
export class UnsupportedFilterError extends Error {
  readonly code = 'UNSUPPORTED_FILTER';
  constructor(adapter: string, detail: string) {
    super(`${adapter} cannot express filter: ${detail}`);
    this.name = 'UnsupportedFilterError';
  }
}

/** A store that failed to answer; `retriable` says whether trying again may help. */
export class SourceError extends Error {
  readonly code = 'SOURCE_ERROR';
  readonly retriable: boolean;
  readonly adapter: string;
  constructor(adapter: string, message: string, retriable: boolean, options?: { cause?: unknown }) {
    super(`${adapter}: ${message}`, options);
    this.name = 'SourceError';
    this.adapter = adapter;
    this.retriable = retriable;
  }
}
