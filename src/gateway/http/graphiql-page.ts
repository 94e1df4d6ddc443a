import type { GraphiQLAssets } from './graphiql-assets.ts';

export interface GraphiQLPageOptions {
  title: string;
  /** Path of the GraphQL endpoint on the same origin. */
  endpoint: string;
  defaultQuery: string;
}

export const DEFAULT_GRAPHIQL_QUERY = '{ dataProducts { name owner } }';

export interface GraphiQLPage {
  html: string;
  /** The text of the page's one inline `<script>`, which its Content-Security-Policy allows by hash. */
  inlineScript: string;
}

/** The GraphiQL HTML: local assets only, so it works offline and under a strict Content-Security-Policy. */
export function renderGraphiQLPage(assets: GraphiQLAssets, options: GraphiQLPageOptions): GraphiQLPage {
  const styles = assets.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}" />`).join('\n    ');
  const scripts = assets.scripts.map((src) => `<script src="${escapeHtml(src)}"></script>`).join('\n    ');
  // JSON.stringify + escaping `<` keeps values inert inside the inline script.
  const config = JSON.stringify({ endpoint: options.endpoint, defaultQuery: options.defaultQuery }).replace(/</g, '\\u003c');
  const inlineScript = `
      const config = ${config};
      const fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).href });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        React.createElement(GraphiQL, { fetcher, defaultQuery: config.defaultQuery, defaultEditorToolsVisibility: true }),
      );
    `;
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(options.title)}</title>
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
    ${styles}
  </head>
  <body>
    <div id="graphiql">Loading…</div>
    ${scripts}
    <script>${inlineScript}</script>
  </body>
</html>
`;
  return { html, inlineScript };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
