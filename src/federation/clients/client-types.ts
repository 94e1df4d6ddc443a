import type { DocumentNode, ExecutionResult } from 'graphql';

/** One call to a subgraph. `document` is the parsed `query` (parsed once per plan), so local clients never reparse. */
export interface SubgraphRequest {
  query: string;
  document: DocumentNode;
  operationName?: string;
  variables: Record<string, unknown>;
  context: unknown;
}

export interface SubgraphClient {
  execute(req: SubgraphRequest): Promise<ExecutionResult>;
}
