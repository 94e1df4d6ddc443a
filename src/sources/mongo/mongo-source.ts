import type { AnyBulkWriteOperation, Collection, CommandStartedEvent, Document } from 'mongodb';
import { MongoBulkWriteError, MongoClient } from 'mongodb';
import type { CollectionSpec, RecordSource, Row } from '../port.ts';
import { keyField } from '../query/fields.ts';
import type { StatementListeners } from '../statement-listeners.ts';
import { createStatementListeners } from '../statement-listeners.ts';
import type { MongoRead } from './compile-find.ts';
import { compileMongoFind, compileMongoFindByValues } from './compile-find.ts';
import { toDocument } from './documents.ts';
import { toMongoSourceError } from './mongo-errors.ts';

export interface MongoSourceOptions {
  url: string;
  database: string;
  /** How long to wait for a reachable server before failing (retriable); default 10 s. */
  serverSelectionTimeoutMS?: number;
  /** TLS with this CA file (PEM) trusted for the server's certificate; absent: as the URL says (`tls=true` uses the system's roots). */
  tlsCAFile?: string;
}

const ADAPTER = 'mongo';
/** Connection upkeep, not work the caller asked for. */
const UNCOUNTED_COMMANDS = new Set(['hello', 'ismaster', 'ping', 'endsessions', 'saslstart', 'saslcontinue', 'buildinfo', 'getparameter', 'killcursors']);
/** Large enough that a read's documents arrive in the first reply (16 MB caps it anyway). */
const BATCH_SIZE = 100_000;

/** Documents keep the entity key as a string `_id`. */
type StoredDocument = { _id: string } & Document;

/** MongoDB or FerretDB 1.x through the official driver, using only commands FerretDB v1 supports. */
export function createMongoSource(options: MongoSourceOptions): RecordSource {
  const client = new MongoClient(options.url, {
    monitorCommands: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    ...(options.tlsCAFile ? { tls: true, tlsCAFile: options.tlsCAFile } : {}),
  });
  const listeners = createStatementListeners();
  client.on('commandStarted', (event) => reportCommand(listeners, event));
  const db = client.db(options.database);
  const collection = (spec: CollectionSpec) => db.collection<StoredDocument>(spec.name);
  const read = (spec: CollectionSpec, compiled: MongoRead): Promise<Row[]> => guarded(() => runFind(collection(spec), compiled));
  return {
    adapter: ADAPTER,
    serves: 'mongo',
    find: async (spec, query) => {
      const compiled = compileMongoFind(ADAPTER, spec, query);
      return compiled.limit === 0 ? [] : read(spec, compiled);
    },
    findByValues: async (spec, query) => {
      const compiled = compileMongoFindByValues(ADAPTER, spec, query);
      return compiled === undefined ? [] : read(spec, compiled);
    },
    ensureCollection: (spec) =>
      guarded(async () => {
        await collection(spec).createIndex([[keyField(ADAPTER, spec).column, 1]], { unique: true });
        for (const name of spec.indexes ?? []) {
          const field = spec.fields.find((f) => f.name === name);
          if (field && name !== spec.key) await collection(spec).createIndex([[field.column, 1]]);
        }
      }),
    upsertMany: (spec, rows) => guarded(() => upsertDocuments(spec, rows, collection(spec))),
    count: (spec) => guarded(() => collection(spec).countDocuments({})),
    truncate: (spec) =>
      guarded(async () => {
        await collection(spec).deleteMany({});
      }),
    onStatement: (listener) => listeners.subscribe(listener),
    ping: async () => {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

/**
 * Insert-or-replace by `_id`; a key repeated in `rows` keeps its last row.
 * Documents are first inserted unordered (fast on FerretDB v1, whose
 * per-document upserts slow down with collection size); only the keys that
 * already exist are then replaced, each atomically (`replaceOne` upsert).
 */
async function upsertDocuments(spec: CollectionSpec, rows: Row[], target: Collection<StoredDocument>): Promise<void> {
  const documents = [...new Map(rows.map((row) => [String(row[spec.key]), toDocument(spec, row) as StoredDocument])).values()];
  if (documents.length === 0) return;
  const existing = await insertReturningDuplicates(documents, target);
  if (existing.length === 0) return;
  const operations = existing.map(
    (replacement): AnyBulkWriteOperation<StoredDocument> => ({
      replaceOne: { filter: { _id: replacement._id }, replacement, upsert: true },
    }),
  );
  await target.bulkWrite(operations, { ordered: false });
}

const DUPLICATE_KEY = 11000;

/** Inserts what is new; returns the documents whose key was already taken. Any other failure is thrown. */
async function insertReturningDuplicates(documents: StoredDocument[], target: Collection<StoredDocument>): Promise<StoredDocument[]> {
  try {
    await target.insertMany(documents, { ordered: false });
    return [];
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (failures.some((failure) => failure.code !== DUPLICATE_KEY)) throw error;
    return failures.map((failure) => documents[failure.index]);
  }
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toMongoSourceError(ADAPTER, error);
  }
}

async function runFind(target: Collection<StoredDocument>, compiled: MongoRead): Promise<Row[]> {
  const cursor = target.find(compiled.filter, {
    projection: compiled.projection,
    sort: compiled.sort,
    limit: compiled.limit,
    batchSize: compiled.limit > 0 ? compiled.limit : BATCH_SIZE,
  });
  return compiled.toRows(await cursor.toArray());
}

function reportCommand(listeners: StatementListeners, event: CommandStartedEvent): void {
  if (UNCOUNTED_COMMANDS.has(event.commandName.toLowerCase())) return;
  const target = event.command[event.commandName];
  listeners.report({ kind: 'mongo', text: typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName });
}
