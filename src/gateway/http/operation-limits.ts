/**
 * Limits on an operation's shape, checked once per document before it is
 * validated or run: how many tokens its text has (graphql-js's parser stops
 * at `maxTokens` before building the AST), how deep its selections nest, how
 * many aliases and directives it has. Each refusal is a request error whose
 * code names the limit and carries `limit` and the measured value.
 *
 * Counting is exact over what would run: a fragment's selections count at
 * every spread of it (measured once per fragment and reused), an inline
 * fragment adds no level, and the introspection fields `__schema` and
 * `__type` are not measured (GraphiQL's introspection query is 13 levels
 * deep, and introspection is answered by the gateway without touching data).
 * `__typename` is an ordinary leaf. A fragment cycle counts nothing past the
 * cycle; validation refuses it afterwards.
 */
import { GraphQLError, Kind, Lexer, Source, TokenKind, parse } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';

export interface OperationLimits {
  /** Selection levels: `{ a { b } }` is 2 deep (`MESHGATE_MAX_DEPTH`). */
  maxDepth: number;
  /** Aliased fields, fragments expanded (`MESHGATE_MAX_ALIASES`). */
  maxAliases: number;
  /** Directive uses, fragments expanded (`MESHGATE_MAX_DIRECTIVES`). */
  maxDirectives: number;
  /** Lexical tokens of the document, comments excluded (`MESHGATE_MAX_TOKENS`). */
  maxTokens: number;
}

/**
 * The defaults. Depth 10: the deepest query of the demo, README and
 * tests (orders → items → item → category, README's "A first query") is 7
 * levels, 8 through `edges { node }`; 10 leaves room for two more relations
 * while refusing the recursive `user { orders { user { … } } }` shapes that
 * fan out (graphql-armor's 6 would refuse the README's own query).
 * Aliases 15, directives 50: graphql-armor's defaults. Tokens 2,000:
 * graphql-armor's 1,000 is tight for a literal `in` list of a few hundred
 * values; 2,000 still refuses the 2,000-alias query (over 8,000
 * tokens) before parsing, and GraphiQL's introspection query has 163.
 */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = { maxDepth: 10, maxAliases: 15, maxDirectives: 50, maxTokens: 2000 };

export interface OperationMeasure {
  depth: number;
  aliases: number;
  directives: number;
}

type LimitCode = 'MAX_DEPTH_EXCEEDED' | 'MAX_ALIASES_EXCEEDED' | 'MAX_DIRECTIVES_EXCEEDED' | 'MAX_TOKENS_EXCEEDED';

function limitError(code: LimitCode, what: string, variable: string, limit: number, measured: number, key: string): GraphQLError {
  return new GraphQLError(`The operation has ${measured} ${what}, more than the limit of ${limit} (${variable}).`, {
    extensions: { code, limit, [key]: measured },
  });
}

/** Parses `query` with the token limit; over it, the error counts every token (the lexer does not recurse). */
export function parseWithinTokens(query: string, maxTokens: number): DocumentNode | GraphQLError {
  try {
    return parse(query, { maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError && /contains more th(?:at|an) \d+ tokens/.test(error.message)) {
      return limitError('MAX_TOKENS_EXCEEDED', 'tokens', 'MESHGATE_MAX_TOKENS', maxTokens, countTokens(query), 'tokens');
    }
    throw error;
  }
}

/** The token limit without parsing (for servers that parse on their own): MAX_TOKENS_EXCEEDED or undefined. */
export function tokenLimitError(query: string, maxTokens: number): GraphQLError | undefined {
  const tokens = countTokens(query);
  return tokens > maxTokens ? limitError('MAX_TOKENS_EXCEEDED', 'tokens', 'MESHGATE_MAX_TOKENS', maxTokens, tokens, 'tokens') : undefined;
}

function countTokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A lexing error past the limit: the count so far is already over it.
  }
  return count;
}

/** The first limit an operation of `document` breaks, or undefined. */
export function operationLimitError(document: DocumentNode, limits: OperationLimits): GraphQLError | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const measure = measureOperation(document, definition);
    if (measure.depth > limits.maxDepth) {
      return limitError('MAX_DEPTH_EXCEEDED', 'levels of selections', 'MESHGATE_MAX_DEPTH', limits.maxDepth, measure.depth, 'depth');
    }
    if (measure.aliases > limits.maxAliases) {
      return limitError('MAX_ALIASES_EXCEEDED', 'aliases', 'MESHGATE_MAX_ALIASES', limits.maxAliases, measure.aliases, 'aliases');
    }
    if (measure.directives > limits.maxDirectives) {
      return limitError('MAX_DIRECTIVES_EXCEEDED', 'directives', 'MESHGATE_MAX_DIRECTIVES', limits.maxDirectives, measure.directives, 'directives');
    }
  }
  return undefined;
}

/** Depth, aliases and directives of one operation, its fragments expanded (see the module comment). */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, OperationMeasure>();
  const expanding = new Set<string>();

  function fragment(name: string): OperationMeasure {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition || expanding.has(name)) return { depth: 0, aliases: 0, directives: 0 };
    expanding.add(name);
    const own = selections(definition.selectionSet);
    expanding.delete(name);
    const result = { ...own, directives: own.directives + (definition.directives?.length ?? 0) };
    measured.set(name, result);
    return result;
  }

  function selections(set: SelectionSetNode): OperationMeasure {
    const total: OperationMeasure = { depth: 0, aliases: 0, directives: 0 };
    for (const selection of set.selections) {
      total.directives += selection.directives?.length ?? 0;
      let inner: OperationMeasure;
      let levels = 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__schema' || selection.name.value === '__type') continue;
        if (selection.alias) total.aliases++;
        inner = selection.selectionSet ? selections(selection.selectionSet) : { depth: 0, aliases: 0, directives: 0 };
        levels = 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selections(selection.selectionSet);
      } else {
        inner = fragment(selection.name.value);
      }
      total.depth = Math.max(total.depth, levels + inner.depth);
      total.aliases += inner.aliases;
      total.directives += inner.directives;
    }
    return total;
  }

  const root = selections(operation.selectionSet);
  const variableDirectives = (operation.variableDefinitions ?? []).reduce((sum, v) => sum + (v.directives?.length ?? 0), 0);
  return { ...root, directives: root.directives + (operation.directives?.length ?? 0) + variableDirectives };
}
