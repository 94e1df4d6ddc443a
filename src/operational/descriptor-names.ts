/**
 * How descriptor names become storage names and how relation targets are
 * read. GraphQL type and field names are the API's (src/api/naming.ts).
 */
import type { DataProduct } from '../sdk/index.ts';

/** `placedAt` → `placed_at`: the default PostgreSQL column of a field. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Splits `domain.Entity` (or `Entity` of `ownDomain`) into its parts. */
export function parseTarget(target: string, ownDomain: string): { domain: string; entity: string } {
  const dot = target.indexOf('.');
  return dot < 0 ? { domain: ownDomain, entity: target } : { domain: target.slice(0, dot), entity: target.slice(dot + 1) };
}

/** The entity descriptor a relation target names, across the mesh. */
export function findEntity(products: readonly DataProduct[], domain: string, entity: string) {
  return products.find((p) => p.name === domain)?.operational?.entities[entity];
}
