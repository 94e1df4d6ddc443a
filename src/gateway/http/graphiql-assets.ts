import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A browser file served from node_modules under a versioned, immutable URL. */
export interface StaticAsset {
  urlPath: string;
  filePath: string;
  contentType: string;
}

export interface GraphiQLAssets {
  /** Referenced by the page, in load order. */
  scripts: string[];
  stylesheets: string[];
  /** Every servable asset (page references plus source maps), by URL path. */
  byPath: ReadonlyMap<string, StaticAsset>;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JSON_MAP = 'application/json; charset=utf-8';

/**
 * graphiql 4 ships a UMD bundle (`graphiql.min.js`, globals React and ReactDOM) and React 18 still
 * ships UMD builds, so the page needs no bundler and no CDN. The version in each URL makes the
 * files cacheable forever.
 */
export function locateGraphiQLAssets(prefix = '/assets'): GraphiQLAssets {
  const graphiql = packageRoot('graphiql');
  const react = packageRoot('react');
  const reactDom = packageRoot('react-dom');
  const at = (pkg: { name: string; version: string }, file: string): string => `${prefix}/${pkg.name}@${pkg.version}/${file}`;
  const assets: StaticAsset[] = [
    { urlPath: at(react, 'react.production.min.js'), filePath: join(react.dir, 'umd/react.production.min.js'), contentType: JS },
    { urlPath: at(reactDom, 'react-dom.production.min.js'), filePath: join(reactDom.dir, 'umd/react-dom.production.min.js'), contentType: JS },
    { urlPath: at(graphiql, 'graphiql.min.js'), filePath: join(graphiql.dir, 'graphiql.min.js'), contentType: JS },
    { urlPath: at(graphiql, 'graphiql.min.css'), filePath: join(graphiql.dir, 'graphiql.min.css'), contentType: CSS },
    // The bundle's sourceMappingURL is `index.umd.js.map`, relative to the bundle's URL.
    { urlPath: at(graphiql, 'index.umd.js.map'), filePath: join(graphiql.dir, 'graphiql.min.js.map'), contentType: JSON_MAP },
  ];
  return {
    scripts: assets.slice(0, 3).map((a) => a.urlPath),
    stylesheets: [assets[3].urlPath],
    byPath: new Map(assets.map((a) => [a.urlPath, a])),
  };
}

function packageRoot(name: string): { name: string; version: string; dir: string } {
  const manifestPath = createRequire(import.meta.url).resolve(`${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  return { name, version: manifest.version, dir: dirname(manifestPath) };
}

export interface LoadedAsset {
  body: Buffer;
  etag: string;
  contentType: string;
}

/** Reads each asset on first request and keeps it in memory; the files never change while running. */
export function createAssetLoader(byPath: ReadonlyMap<string, StaticAsset>): (urlPath: string) => LoadedAsset | undefined {
  const loaded = new Map<string, LoadedAsset>();
  return (urlPath) => {
    const hit = loaded.get(urlPath);
    if (hit) return hit;
    const asset = byPath.get(urlPath);
    if (!asset) return undefined;
    const body = readFileSync(asset.filePath);
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const entry = { body, etag, contentType: asset.contentType };
    loaded.set(urlPath, entry);
    return entry;
  };
}
