import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { parseRequestParams } from 'graphql-http';
import type { Request, RequestParams, Response } from 'graphql-http';
import { MeshgateError, httpStatusOf, sanitizeError } from '../../api/index.ts';
import { assertNever } from '../../common/index.ts';
import { headerOf, responseMediaType } from './media-type.ts';
import type { RequestContext, TrustedDocuments } from './types.ts';

type GraphQLRequest = Request<IncomingMessage, RequestContext>;

/** The raw `query` and `extensions` of a GET or a JSON POST, and the same request with another query. */
interface RawParams {
  query: unknown;
  extensions: unknown;
  withQuery(query: string): GraphQLRequest;
}

/**
 * graphql-http's request parameters, with trusted documents decided first: a hash sent alone
 * becomes its stored text, a refusal answers with its code and status before any parse or
 * validation. graphql-http still checks every parameter (and answers 405/415) as without them.
 */
export async function parseTrustedParams(req: GraphQLRequest, trusted: TrustedDocuments | undefined): Promise<RequestParams | Response> {
  const raw = trusted ? rawParams(req) : undefined;
  if (!trusted || !raw) return parseOrCode(req);
  const decision = await trusted.decide({ query: raw.query, extensions: raw.extensions });
  switch (decision.kind) {
    case 'as-sent':
      return parseOrCode(req);
    case 'resolved':
      return parseOrCode(raw.withQuery(decision.query));
    case 'register':
      req.context.registerDocumentAs = decision.hash;
      return parseOrCode(req);
    case 'refused':
      return refusal(req, decision.error);
    default:
      return assertNever(decision, 'document decision');
  }
}

/** graphql-http's request errors ('Unparsable JSON body', 'Missing query', …) are fixed, safe texts. */
async function parseOrCode(req: GraphQLRequest): Promise<RequestParams | Response> {
  try {
    return (await parseRequestParams(req)) as RequestParams | Response;
  } catch (error) {
    throw new MeshgateError((error as Error).message, { code: 'BAD_REQUEST' });
  }
}

/** Undefined where graphql-http would refuse the request anyway (bad JSON, other media types). */
function rawParams(req: GraphQLRequest): RawParams | undefined {
  if (req.method === 'GET') {
    const [path, search = ''] = req.url.split('?');
    const searchParams = new URLSearchParams(search);
    const extensions = jsonOrUndefined(searchParams.get('extensions'));
    return {
      query: searchParams.get('query') ?? undefined,
      extensions,
      withQuery: (query) => {
        searchParams.set('query', query);
        return { ...req, url: `${path}?${searchParams}` };
      },
    };
  }
  const mediaType = headerOf(req.headers, 'content-type') ?? '';
  if (req.method !== 'POST' || typeof req.body !== 'string' || !/^application\/json\s*(;|$)/i.test(mediaType)) return undefined;
  const body = jsonOrUndefined(req.body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const data = body as Record<string, unknown>;
  return { query: data.query, extensions: data.extensions, withQuery: (query) => ({ ...req, body: { ...data, query } }) };
}

function jsonOrUndefined(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request error with the refusal's status (404 for PERSISTED_QUERY_NOT_FOUND, else 400), on the access record too. */
function refusal(req: GraphQLRequest, error: MeshgateError): Response {
  const ctx = req.context;
  const graphQLError = sanitizeError(new GraphQLError(error.message, { originalError: error, extensions: error.extensions }), ctx);
  ctx.result = { errors: [graphQLError] };
  const status = httpStatusOf(error, error.code);
  const headers = { 'content-type': responseMediaType(req.headers) };
  return [JSON.stringify({ errors: [graphQLError] }), { status, statusText: status === 404 ? 'Not Found' : 'Bad Request', headers }];
}
