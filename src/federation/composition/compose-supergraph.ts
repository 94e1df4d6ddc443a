import { parse, type GraphQLError } from 'graphql';
import { composeServices } from '@theguild/federation-composition';
import { CompositionError, type CompositionIssue } from '../errors.ts';

/** A Federation v2 subgraph to compose: its SDL carries the federation `@link`. */
export interface SubgraphSource {
  name: string;
  url?: string;
  typeDefs: string;
}

/** Composes the subgraphs into a supergraph SDL (join v0.3), or throws CompositionError listing every issue. */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const services = subgraphs.map((s) => ({ name: s.name, url: s.url ?? `local://${s.name}`, typeDefs: parseSubgraph(s) }));
  const result = composeServices(services);
  if (result.errors) {
    const names = subgraphs.map((s) => s.name);
    throw new CompositionError(result.errors.map((e) => toIssue(e, names)));
  }
  return result.supergraphSdl;
}

function parseSubgraph(source: SubgraphSource) {
  try {
    return parse(source.typeDefs, { noLocation: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CompositionError([{ message: `Subgraph "${source.name}" has invalid SDL: ${message}`, code: 'INVALID_GRAPHQL', subgraphs: [source.name] }]);
  }
}

function toIssue(error: GraphQLError, subgraphNames: string[]): CompositionIssue {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
  const subgraphs = subgraphNames.filter((name) => mentions(error.message, name));
  const coordinate = /"([A-Za-z_][\w]*\.[A-Za-z_][\w]*)"/.exec(error.message)?.[1] ?? /"([A-Z][\w]*)"/.exec(error.message)?.[1];
  return { message: error.message, code, subgraphs, coordinate };
}

function mentions(message: string, name: string): boolean {
  return message.includes(`"${name}"`) || message.includes(`subgraph ${name}`) || message.includes(`subgraphs ${name}`);
}
