/**
 * Loads every `domains/<name>/product.ts` (its default export) and checks
 * the mesh as a whole. A folder without product.ts is skipped (shared code).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescriptorError, validateMesh, type DataProduct } from '../sdk/index.ts';

export async function loadDomains(domainsDir: string): Promise<DataProduct[]> {
  if (!existsSync(domainsDir)) throw new Error(`domains directory ${domainsDir} does not exist (MESHGATE_DOMAINS_DIR)`);
  const products: DataProduct[] = [];
  for (const entry of readdirSync(domainsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(domainsDir, entry.name, 'product.ts');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as { default?: DataProduct };
    const product = module.default;
    if (!product || product.__validated !== true) {
      throw new DescriptorError([{ domain: entry.name, path: 'product.ts', message: 'must `export default defineDataProduct({...})`' }]);
    }
    if (product.name !== entry.name) {
      throw new DescriptorError([{ domain: product.name, path: 'name', message: `must equal its folder name "${entry.name}"` }]);
    }
    products.push(product);
  }
  validateMesh(products);
  return products;
}
