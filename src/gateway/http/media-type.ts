import type { Request } from 'graphql-http';

type Headers = Request<unknown, unknown>['headers'];

/** One request header, from either of graphql-http's header shapes. */
export function headerOf(headers: Headers, name: string): string | undefined {
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** graphql-http's choice of media type (it already answered 406 when neither is acceptable). */
export function responseMediaType(headers: Headers): string {
  const accept = headerOf(headers, 'accept') ?? '*/*';
  for (const entry of accept.replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = entry.split(';');
    const charset = params.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
    if (mediaType === 'application/graphql-response+json' && charset === 'charset=utf-8') return 'application/graphql-response+json; charset=utf-8';
    if (mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*') return 'application/json; charset=utf-8';
  }
  return 'application/json; charset=utf-8';
}
