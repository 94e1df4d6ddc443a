/**
 * Golden query files: `test/golden/<domain>/<name>.graphql` with header
 * comments `# max-relational: N`, `# max-documents: N` and optionally
 * `# variables: {...}`; the expected response is `<name>.expected.json`.
 * `MESHGATE_UPDATE_GOLDEN=1` rewrites the expected files (review the diff).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './test-gateway.ts';

export interface GoldenQuery {
  id: string;
  query: string;
  variables?: Record<string, unknown>;
  maxRelational: number;
  maxDocuments: number;
  expectedFile: string;
}

export const goldenDir = path.join(repoRoot, 'test/golden');

export function loadGoldenQueries(): GoldenQuery[] {
  const out: GoldenQuery[] = [];
  for (const domain of readdirSync(goldenDir).sort()) {
    for (const file of readdirSync(path.join(goldenDir, domain))
      .filter((f) => f.endsWith('.graphql'))
      .sort()) {
      const full = path.join(goldenDir, domain, file);
      const text = readFileSync(full, 'utf8');
      out.push({
        id: `${domain}/${file.replace(/\.graphql$/, '')}`,
        query: text,
        variables: header(text, 'variables', JSON.parse),
        maxRelational: header(text, 'max-relational', Number) ?? fail(full, 'max-relational'),
        maxDocuments: header(text, 'max-documents', Number) ?? fail(full, 'max-documents'),
        expectedFile: full.replace(/\.graphql$/, '.expected.json'),
      });
    }
  }
  return out;
}

export function expectedResponse(golden: GoldenQuery, actual: unknown): unknown {
  if (process.env.MESHGATE_UPDATE_GOLDEN === '1' || !existsSync(golden.expectedFile)) {
    if (process.env.MESHGATE_UPDATE_GOLDEN !== '1') throw new Error(`${golden.expectedFile} is missing; run with MESHGATE_UPDATE_GOLDEN=1 and review it`);
    writeFileSync(golden.expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
  }
  return JSON.parse(readFileSync(golden.expectedFile, 'utf8'));
}

function header<T>(text: string, name: string, parse: (raw: string) => T): T | undefined {
  const match = new RegExp(`^# ${name}: (.+)$`, 'm').exec(text);
  return match ? parse(match[1]!) : undefined;
}

function fail(file: string, name: string): never {
  throw new Error(`${file} lacks its "# ${name}: N" header`);
}
