/**
 * Constructs the record sources of a profile: the only place adapters are
 * built. Embedded: one PGlite database serves relational tables and the
 * documents of Mongo-sourced entities (JSONB). Services: PostgreSQL and MongoDB.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  createMongoSource,
  createPgliteDocumentSource,
  createPgliteSource,
  createPostgresSource,
  createPglitePlatformDatabase,
  createPostgresPlatformDatabase,
  type PlatformDatabase,
  type RecordSource,
} from '../sources/index.ts';
import type { SourceResolver } from '../operational/index.ts';
import type { Profile } from './config.ts';
import { assertNever } from '../common/index.ts';

export interface ProfileSources {
  relational: RecordSource;
  documents: RecordSource;
  /** meshgate's own tables: policy versions, the access log. */
  platform: PlatformDatabase;
  resolve: SourceResolver;
  /** The embedded profile's one PGlite database (the pipelines' queue runs on it too); undefined on the services profile. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export async function openSources(profile: Profile): Promise<ProfileSources> {
  switch (profile.kind) {
    case 'embedded': {
      // `memory://` keeps the database in memory (tests); anything else is a directory.
      if (!profile.dataDir.startsWith('memory://')) mkdirSync(profile.dataDir, { recursive: true });
      const db = await PGlite.create(profile.dataDir);
      const sources = bundle(createPgliteSource({ db }), createPgliteDocumentSource({ db }), createPglitePlatformDatabase(db), () => db.close());
      return { ...sources, pglite: db };
    }
    case 'services': {
      const relational = createPostgresSource(profile.database);
      const documents = createMongoSource({ url: profile.mongoUrl, database: profile.mongoDatabase, tlsCAFile: profile.mongoTlsCAFile });
      return bundle(relational, documents, createPostgresPlatformDatabase(profile.database), async () => {});
    }
    default:
      return assertNever(profile, 'profile');
  }
}

function bundle(relational: RecordSource, documents: RecordSource, platform: PlatformDatabase, closeRest: () => Promise<void>): ProfileSources {
  return {
    relational,
    documents,
    platform,
    resolve: (kind) => (kind === 'postgres' ? relational : documents),
    async close() {
      await Promise.allSettled([relational.close(), documents.close(), platform.close()]);
      await closeRest();
    },
  };
}
