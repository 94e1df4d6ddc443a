import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../../../routes/index.ts';
import { corsDecision, type CorsPolicy } from './cors.ts';
import { CSRF_REFUSED_MESSAGE, csrfRefuses, type CsrfPrevention } from './csrf.ts';
import { securityHeaders } from './security-headers.ts';

export interface HygieneOptions {
  cors?: CorsPolicy;
  csrfPrevention?: CsrfPrevention;
  tls: boolean;
  /** Paths whose simple requests CSRF prevention refuses: the GraphQL endpoint and the API routes, not pages or assets. */
  csrfGuardedPaths: ReadonlySet<string>;
  /** A browser navigating to a guarded path for a page (GraphiQL at GET /graphql) is not refused. */
  isPageRequest: (req: IncomingMessage) => boolean;
}

/** What the server does for every request before routing; `answered` when the request needs nothing more. */
export type RequestHygiene = (req: IncomingMessage, res: ServerResponse, path: string, requestId: string) => 'answered' | 'continue';

export function createRequestHygiene(options: HygieneOptions): RequestHygiene {
  const headers = Object.entries(securityHeaders(options.tls));
  const cors = options.cors ?? { kind: 'off' };
  const csrf = options.csrfPrevention ?? 'cookies';
  return (req, res, path, requestId) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    const decision = corsDecision(cors, req.method, req.headers);
    for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
    if (decision.kind === 'preflight') {
      res.writeHead(204, { 'content-length': 0 }).end();
      return 'answered';
    }
    if (options.csrfGuardedPaths.has(path) && !options.isPageRequest(req) && csrfRefuses(csrf, req.headers)) {
      sendError(res, 400, { code: 'CSRF_REFUSED', message: CSRF_REFUSED_MESSAGE, requestId });
      return 'answered';
    }
    return 'continue';
  };
}
