import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as the routes see it; `operationName` is filled by the GraphQL route for the access log. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  path: string;
  operationName?: string | null;
}

export type RouteHandler = (exchange: Exchange) => Promise<void> | void;

export type HttpMethod = 'GET' | 'POST';

/** Exact-path routing: path → method → handler. Paths are few and fixed, so no pattern matching. */
export class RouteTable {
  readonly #routes = new Map<string, Map<string, RouteHandler>>();

  add(method: HttpMethod, path: string, handler: RouteHandler): this {
    let methods = this.#routes.get(path);
    if (!methods) {
      methods = new Map();
      this.#routes.set(path, methods);
    }
    if (methods.has(method)) throw new Error(`route ${method} ${path} is registered twice`);
    methods.set(method, handler);
    return this;
  }

  match(method: string, path: string): { kind: 'found'; handler: RouteHandler } | { kind: 'no-path' } | { kind: 'wrong-method'; allow: string } {
    const methods = this.#routes.get(path);
    if (!methods) return { kind: 'no-path' };
    const handler = methods.get(method);
    if (handler) return { kind: 'found', handler };
    return { kind: 'wrong-method', allow: [...methods.keys()].join(', ') };
  }
}

/** The path of a request URL without its query string. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}
