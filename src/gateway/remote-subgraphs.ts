/** Remote Federation v2 subgraphs: their SDL comes from `_service { sdl }`. */
import type { RemoteSubgraphConfig } from './config.ts';

export class RemoteSubgraphError extends Error {
  readonly code = 'REMOTE_SUBGRAPH_UNAVAILABLE';
  constructor(remote: RemoteSubgraphConfig, detail: string) {
    super(`remote subgraph ${remote.name} at ${remote.url}: ${detail}`);
    this.name = 'RemoteSubgraphError';
  }
}

export async function fetchRemoteSdl(remote: RemoteSubgraphConfig, timeoutMs = 10_000): Promise<string> {
  let response: Response;
  try {
    response = await fetch(remote.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new RemoteSubgraphError(remote, `cannot be reached (${(error as Error).message})`);
  }
  if (!response.ok) throw new RemoteSubgraphError(remote, `answered HTTP ${response.status} to { _service { sdl } }`);
  const body = (await response.json().catch(() => null)) as { data?: { _service?: { sdl?: unknown } } } | null;
  const sdl = body?.data?._service?.sdl;
  if (typeof sdl !== 'string' || !sdl.trim())
    throw new RemoteSubgraphError(remote, 'did not return its SDL from { _service { sdl } }; is it a Federation subgraph?');
  return sdl;
}
