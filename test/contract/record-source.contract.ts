import { after, before, describe, it } from 'node:test';
import type { CollectionSpec, RecordSource, StatementEvent } from '../../src/sources/index.ts';
import { ALL_QUOTES, notesSpec, peopleRows, peopleSpec } from './record-source.fixture.ts';
import { defineFilterCases } from './contract-filters.ts';
import { defineReadCases } from './contract-reads.ts';
import { defineWriteCases } from './contract-writes.ts';

export interface ContractSubject {
  source: RecordSource;
  /** Drops what the run created (schema, database) and closes the source. */
  cleanup(): Promise<void>;
  /** SQL schema isolating this run, if the store uses one. */
  schema?: string;
  /**
   * False for stores that cannot hold `"` in collection or field names
   * (FerretDB 1.x on SQLite fails on them); the names then carry only `'`.
   */
  doubleQuotesInNames?: boolean;
}

/** What each group of cases gets: the source with the fixture loaded, and a statement recorder. */
export interface ContractContext {
  source: RecordSource;
  /** The read fixture, loaded before the cases run. */
  people: CollectionSpec;
  /** An empty collection the write cases own. */
  notes: CollectionSpec;
  /** Runs `work` and returns the statements it issued. */
  statementsOf(work: () => Promise<unknown>): Promise<StatementEvent[]>;
}

/**
 * The contract every RecordSource adapter passes: defines node:test cases
 * against a fresh source from `makeSource`, loaded with the people fixture.
 */
export function runRecordSourceContract(name: string, makeSource: () => Promise<ContractSubject>): void {
  describe(`RecordSource contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    const context = {} as ContractContext;

    before(async () => {
      subject = await makeSource();
      const quotes = subject.doubleQuotesInNames === false ? ALL_QUOTES.replace('"', '') : ALL_QUOTES;
      const spec = peopleSpec(subject.schema, quotes);
      await subject.source.ensureCollection(spec);
      await subject.source.ensureCollection(spec);
      await subject.source.upsertMany(spec, peopleRows());
      context.source = subject.source;
      context.people = spec;
      context.notes = notesSpec(subject.schema, quotes);
      context.statementsOf = async (work) => {
        const events: StatementEvent[] = [];
        const stop = subject!.source.onStatement((event) => events.push(event));
        try {
          await work();
        } finally {
          stop();
        }
        return events;
      };
    });

    after(async () => {
      await subject?.cleanup();
    });

    defineFilterCases(context);
    defineReadCases(context);
    defineWriteCases(context);
  });
}
