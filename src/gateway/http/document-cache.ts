import { GraphQLError, parse, specifiedRules, validate } from 'graphql';
import type { DocumentNode, GraphQLSchema, ValidationRule } from 'graphql';
import { codedGraphQLError } from '../../api/index.ts';
import { literalDepthError } from './input-limits.ts';
import { operationLimitError, parseWithinTokens, type OperationLimits } from './operation-limits.ts';

/** A query text after parse + validate against one schema: either runnable or its coded errors. */
export type PreparedDocument = { kind: 'valid'; document: DocumentNode } | { kind: 'invalid'; errors: readonly GraphQLError[] };

export interface DocumentCache {
  /** Parses and validates `query` once; later calls with the same text return the same result object. */
  prepare(query: string): PreparedDocument;
  readonly size: number;
}

export interface DocumentCacheOptions {
  schema: GraphQLSchema;
  maxEntries: number;
  validationRules?: readonly ValidationRule[];
  /** Literal values nested deeper are refused (INPUT_TOO_DEEP) before parsing, which would overflow on them. */
  maxInputDepth?: number;
  /** Tokens, depth, aliases and directives: refused before validation (MAX_*_EXCEEDED). */
  operationLimits?: OperationLimits;
}

/** Texts longer than this are prepared but not kept, so the cache's memory stays bounded. */
const MAX_CACHED_QUERY_CHARS = 100_000;

/**
 * An LRU of prepared documents for one schema. A schema swap gets a new cache (see graphql-handler),
 * so a cached document was always validated against the schema it runs on. Failures are cached too:
 * a client repeating a broken query costs one lookup.
 */
export function createDocumentCache(options: DocumentCacheOptions): DocumentCache {
  const entries = new Map<string, PreparedDocument>();
  const rules = options.validationRules?.length ? [...specifiedRules, ...options.validationRules] : specifiedRules;

  function remember(query: string, prepared: PreparedDocument): void {
    if (options.maxEntries <= 0 || query.length > MAX_CACHED_QUERY_CHARS) return;
    if (entries.size >= options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(query, prepared);
  }

  return {
    prepare(query) {
      const cached = entries.get(query);
      if (cached) {
        // Re-insert to mark as most recently used (Map keeps insertion order).
        entries.delete(query);
        entries.set(query, cached);
        return cached;
      }
      const tooDeep = options.maxInputDepth === undefined ? undefined : literalDepthError(query, options.maxInputDepth);
      const prepared: PreparedDocument = tooDeep ? { kind: 'invalid', errors: [tooDeep] } : parseAndValidate(options, query, rules);
      remember(query, prepared);
      return prepared;
    },
    get size() {
      return entries.size;
    },
  };
}

/** The shape limits run before validation, whose overlapping-fields rule is quadratic in the aliases. */
function parseAndValidate(options: DocumentCacheOptions, query: string, rules: readonly ValidationRule[]): PreparedDocument {
  const limits = options.operationLimits;
  let document: DocumentNode | GraphQLError;
  try {
    document = limits ? parseWithinTokens(query, limits.maxTokens) : parse(query);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { kind: 'invalid', errors: [codedGraphQLError(error, 'GRAPHQL_PARSE_FAILED')] };
  }
  if (document instanceof GraphQLError) return { kind: 'invalid', errors: [document] };
  const overLimit = limits && operationLimitError(document, limits);
  if (overLimit) return { kind: 'invalid', errors: [overLimit] };
  const errors = validate(options.schema, document, rules);
  if (errors.length > 0) {
    return { kind: 'invalid', errors: errors.map((e) => codedGraphQLError(e, 'GRAPHQL_VALIDATION_FAILED')) };
  }
  return { kind: 'valid', document };
}
