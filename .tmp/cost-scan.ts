import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, Kind, validate } from 'graphql';
import { buildApiSchema } from '../src/federation/supergraph/index.ts';
import { estimateCost } from '../src/federation/cost/index.ts';
const schema = buildApiSchema(parse(readFileSync('schema/supergraph.graphql', 'utf8')));
function walk(d: string, out: string[]) { for (const f of readdirSync(d)) { const p = path.join(d, f); if (statSync(p).isDirectory()) walk(p, out); else if (/\.(ts|graphql|md)$/.test(f)) out.push(p); } return out; }
const files = walk('test', []).concat(['README.md'], walk('src', []), walk('domains', []));
let max = 0; let n = 0;
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const cands = f.endsWith('.graphql') ? [text] : [...text.matchAll(/`([^`]*)`|'((?:query|mutation|subscription|\{)[^'\n]*)'|```graphql\n([\s\S]*?)```/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  for (const c of cands) {
    if (!c || !/[{]/.test(c)) continue;
    const q = c.replace(/\$\{[^}]*\}/g, '5');
    let doc; try { doc = parse(q); } catch { continue; }
    if (validate(schema, doc).length) continue;
    for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) {
      const e = await estimateCost(schema, doc, d, {}, { defaultPageSize: 20, maxPageSize: 100 });
      n++; max = Math.max(max, e.total);
      if (e.total > 1000 || process.env.SHOW) console.log(f, e.total, q.slice(0, 140).replace(/\s+/g, ' '));
    }
  }
}
console.log({ n, max });
