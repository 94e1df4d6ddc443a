import type { IncomingMessage } from 'node:http';
import { createHandler } from 'graphql-http';
import type { Handler, OperationArgs, Request, Response } from 'graphql-http';
import { GraphQLError, getOperationAST } from 'graphql';
import type { ExecutionArgs, ExecutionResult, ValidationRule } from 'graphql';
import type { Logger } from '../../observability/index.ts';
import { createDocumentCache } from './document-cache.ts';
import { codeRequestErrors, sanitizeError } from '../../api/index.ts';
import { DEFAULT_MAX_INPUT_DEPTH } from './input-limits.ts';
import { operationInputErrors } from './operation-inputs.ts';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './operation-limits.ts';
import { responseMediaType } from './media-type.ts';
import { parseTrustedParams } from './trusted-params.ts';
import type { CostCheck, GraphQLEngine, RequestContext, TrustedDocuments } from './types.ts';

export type GraphQLHttpHandler = Handler<IncomingMessage, RequestContext>;

/** graphql-http types contexts as records keyed by any property key, symbols included. */
type ExecutionContext = RequestContext & Record<symbol, unknown>;

export interface GraphQLHandlerOptions {
  logger: Logger;
  documentCacheSize: number;
  validationRules?: readonly ValidationRule[];
  /** How deep literal and variable input values may nest (default 32). */
  maxInputDepth?: number;
  /** Tokens, depth, aliases, directives (default DEFAULT_OPERATION_LIMITS). */
  operationLimits?: OperationLimits;
  /** Runs last before execution, once the inputs passed: a returned error refuses the request (the cost budget). */
  costCheck?: CostCheck;
  trustedDocuments?: TrustedDocuments;
}

/**
 * The GraphQL-over-HTTP core for one engine: graphql-http owns the protocol (methods, content
 * negotiation, status codes); we supply cached parse+validate, execution on the engine and masking.
 * Pure with respect to Node: it sees a graphql-http `Request` whose `context` is our RequestContext.
 */
export function createGraphQLHandler(engine: GraphQLEngine, options: GraphQLHandlerOptions): GraphQLHttpHandler {
  const schema = engine.apiSchema;
  const maxInputDepth = options.maxInputDepth ?? DEFAULT_MAX_INPUT_DEPTH;
  const documents = createDocumentCache({
    schema,
    maxEntries: options.documentCacheSize,
    validationRules: options.validationRules,
    maxInputDepth,
    operationLimits: options.operationLimits ?? DEFAULT_OPERATION_LIMITS,
  });

  async function prepareOperation(
    req: Request<IncomingMessage, RequestContext>,
    params: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  ): Promise<OperationArgs<ExecutionContext> | readonly GraphQLError[]> {
    const ctx = req.context;
    ctx.operationName = params.operationName ?? null;
    ctx.operation = { query: params.query, variables: params.variables ?? null, type: null };
    const prepared = documents.prepare(params.query);
    if (prepared.kind === 'invalid') {
      ctx.result = { errors: prepared.errors };
      return prepared.errors;
    }
    const operation = getOperationAST(prepared.document, params.operationName);
    if (!operation) {
      const message = params.operationName
        ? `Unknown operation named "${params.operationName}".`
        : 'Must provide operation name if query contains multiple operations.';
      return [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    if (operation.operation === 'subscription') {
      return [new GraphQLError('Subscriptions are not supported over HTTP.', { extensions: { code: 'BAD_REQUEST' } })];
    }
    ctx.operationName = operation.name?.value ?? ctx.operationName;
    ctx.operation.type = operation.operation;
    // Bad input is refused here, before planning: a request error (on the access record with its code, like the above).
    const inputErrors = operationInputErrors({ schema, document: prepared.document, operation, variables: params.variables, maxInputDepth });
    if (inputErrors.length > 0) {
      ctx.result = { errors: inputErrors };
      return inputErrors;
    }
    const overBudget = await options.costCheck?.(ctx, { schema, document: prepared.document, operation, variables: params.variables });
    if (overBudget) {
      ctx.result = { errors: [overBudget] };
      return [overBudget];
    }
    return {
      schema,
      document: prepared.document,
      operationName: params.operationName,
      variableValues: params.variables,
      contextValue: ctx as ExecutionContext,
    };
  }

  /**
   * An APQ registration is stored once its document parsed and validated, and never from a GET
   * mutation (graphql-http answers that 405 next): the store only holds documents that can run.
   */
  async function registerDocument(req: Request<IncomingMessage, RequestContext>, query: string): Promise<void> {
    const hash = req.context.registerDocumentAs;
    if (hash === undefined || options.trustedDocuments === undefined) return;
    if (req.method === 'GET' && req.context.operation?.type === 'mutation') return;
    await options.trustedDocuments.register(hash, query);
  }

  async function executeOnEngine(args: ExecutionArgs): Promise<ExecutionResult> {
    const ctx = args.contextValue as RequestContext;
    const result = await engine.execute({
      document: args.document,
      operationName: args.operationName,
      variableValues: args.variableValues,
      contextValue: ctx,
    });
    if (!result.errors?.length) {
      ctx.result = result;
      return result;
    }
    const errors = result.data === undefined ? codeRequestErrors(result.errors) : result.errors;
    const scope = { logger: ctx.logger, requestId: ctx.requestId };
    const sanitized = { ...result, errors: errors.map((error) => sanitizeError(error, scope)) };
    ctx.result = sanitized;
    return sanitized;
  }

  return createHandler<IncomingMessage, RequestContext, ExecutionContext>({
    schema,
    parseRequestParams: (req) => parseTrustedParams(req, options.trustedDocuments),
    onSubscribe: async (req, params) => {
      const prepared = await prepareOperation(req, params);
      if (!Array.isArray(prepared)) await registerDocument(req, params.query);
      return prepared;
    },
    execute: executeOnEngine,
    onOperation: (req, _args, result) => preserializedResponse(req, result),
    // Execution errors were masked with the request id above; this pass covers request-level errors.
    formatError: (error) => sanitizeError(error, { logger: options.logger }),
  });
}

/**
 * An engine may attach its error-free result's JSON body under the registry symbol `meshgate.serializedResponse`
 * (the federated executor serialises while shaping): it is sent as is instead of being stringified again.
 */
const SERIALIZED_RESPONSE = Symbol.for('meshgate.serializedResponse');

function preserializedResponse(req: Request<IncomingMessage, RequestContext>, result: unknown): Response | undefined {
  const body = (result as { [SERIALIZED_RESPONSE]?: unknown } | null)?.[SERIALIZED_RESPONSE];
  if (typeof body !== 'string') return undefined;
  return [body, { status: 200, statusText: 'OK', headers: { 'content-type': responseMediaType(req.headers) } }];
}

/**
 * One handler (and document cache) per engine and schema: when the gateway swaps the engine or its
 * schema, the next request gets a fresh cache, so no document validated against an old schema runs.
 */
export function createHandlerResolver(options: GraphQLHandlerOptions): (engine: GraphQLEngine) => GraphQLHttpHandler {
  const handlers = new WeakMap<GraphQLEngine, { schema: unknown; handler: GraphQLHttpHandler }>();
  return (engine) => {
    const known = handlers.get(engine);
    if (known && known.schema === engine.apiSchema) return known.handler;
    const handler = createGraphQLHandler(engine, options);
    handlers.set(engine, { schema: engine.apiSchema, handler });
    return handler;
  };
}
