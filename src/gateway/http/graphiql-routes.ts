import type { IncomingMessage } from 'node:http';
import { createAssetLoader, locateGraphiQLAssets } from './graphiql-assets.ts';
import { DEFAULT_GRAPHIQL_QUERY, renderGraphiQLPage } from './graphiql-page.ts';
import { sendError } from '../../routes/index.ts';
import { graphiqlContentSecurityPolicy } from './hygiene/index.ts';
import type { RouteHandler, RouteTable } from './routes.ts';

export interface GraphiQLRoutes {
  /** The HTML page; also served at `GET /graphql` to browsers. */
  servePage: RouteHandler;
}

/** Registers `GET /graphiql` and every asset URL the page references. */
export function addGraphiQLRoutes(routes: RouteTable, endpoint: string): GraphiQLRoutes {
  const assets = locateGraphiQLAssets();
  const rendered = renderGraphiQLPage(assets, { title: 'meshgate', endpoint, defaultQuery: DEFAULT_GRAPHIQL_QUERY });
  const page = Buffer.from(rendered.html);
  const csp = graphiqlContentSecurityPolicy(rendered.inlineScript);
  const servePage: RouteHandler = ({ res }) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': page.length,
      'cache-control': 'no-cache',
      // Replaces the server's API policy, which lets nothing load.
      'content-security-policy': csp,
    });
    res.end(page);
  };
  const load = createAssetLoader(assets.byPath);
  const serveAsset: RouteHandler = ({ req, res, path, requestId }) => {
    const asset = load(path);
    if (!asset) return sendError(res, 404, { code: 'NOT_FOUND', message: 'Not found.', requestId });
    const headers = {
      'content-type': asset.contentType,
      // Asset URLs carry the package version, so the bytes behind a URL never change.
      'cache-control': 'public, max-age=31536000, immutable',
      etag: asset.etag,
    };
    if (req.headers['if-none-match'] === asset.etag) return void res.writeHead(304, headers).end();
    res.writeHead(200, { ...headers, 'content-length': asset.body.length }).end(asset.body);
  };
  routes.add('GET', '/graphiql', servePage);
  for (const urlPath of assets.byPath.keys()) routes.add('GET', urlPath, serveAsset);
  return { servePage };
}

/** Browsers navigating to the endpoint ask for HTML; GraphQL clients never do. */
export function wantsHtml(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}
