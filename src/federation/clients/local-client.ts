import { execute, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { SubgraphClient, SubgraphRequest } from './client-types.ts';

/** Runs subgraph requests in process with graphql-js; the gateway's context is passed through. */
export function createLocalSubgraphClient(schema: GraphQLSchema): SubgraphClient {
  return {
    async execute(req: SubgraphRequest): Promise<ExecutionResult> {
      return execute({ schema, document: req.document, variableValues: req.variables, contextValue: req.context, operationName: req.operationName });
    },
  };
}
