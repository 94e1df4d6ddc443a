import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './fixtures.ts';
import type { RunningServer } from './fixtures.ts';

const CONTENT_TYPES: Record<string, RegExp> = {
  script: /^text\/javascript/,
  stylesheet: /^text\/css/,
};

function referencedAssets(html: string): Array<{ kind: string; url: string }> {
  const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => ({ kind: 'script', url: m[1] }));
  const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => ({ kind: 'stylesheet', url: m[1] }));
  return [...scripts, ...styles];
}

describe('GraphiQL', () => {
  let running: RunningServer;
  before(async () => {
    running = await startTestServer();
  });
  after(() => running.close());

  test('the page is served at /graphiql and to browsers at /graphql, without external URLs', async () => {
    for (const path of ['/graphiql', '/graphql']) {
      const res = await fetch(`${running.url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      const html = await res.text();
      assert.match(html, /<title>meshgate<\/title>/);
      assert.ok(html.includes('{ dataProducts { name owner } }'), 'default query');
      assert.doesNotMatch(html, /(https?:)?\/\/[a-z]/i, 'no external URL');
    }
  });

  test('every asset the page references is served with its content type and long-lived caching', async () => {
    const html = await (await fetch(`${running.url}/graphiql`)).text();
    const assets = referencedAssets(html);
    assert.equal(assets.filter((a) => a.kind === 'script').length, 3, 'react, react-dom, graphiql');
    assert.equal(assets.filter((a) => a.kind === 'stylesheet').length, 1);
    for (const asset of assets) {
      const res = await fetch(`${running.url}${asset.url}`);
      assert.equal(res.status, 200, asset.url);
      assert.match(res.headers.get('content-type') ?? '', CONTENT_TYPES[asset.kind], asset.url);
      assert.match(res.headers.get('cache-control') ?? '', /immutable/);
      assert.ok((await res.arrayBuffer()).byteLength > 1000, asset.url);
      const revalidated = await fetch(`${running.url}${asset.url}`, { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
      assert.equal(revalidated.status, 304);
    }
  });

  test('GraphQL clients at GET /graphql still get GraphQL', async () => {
    const res = await fetch(`${running.url}/graphql?query=${encodeURIComponent('{ hello }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    assert.deepEqual(await res.json(), { data: { hello: 'hello world' } });
  });
});

describe('GraphiQL disabled', () => {
  test('/graphiql is a 404 and browsers at /graphql get no page', async () => {
    const running = await startTestServer({ graphiql: false });
    try {
      assert.equal((await fetch(`${running.url}/graphiql`)).status, 404);
      const res = await fetch(`${running.url}/graphql`, { headers: { accept: 'text/html' } });
      assert.doesNotMatch(res.headers.get('content-type') ?? '', /text\/html/);
    } finally {
      await running.close();
    }
  });
});
