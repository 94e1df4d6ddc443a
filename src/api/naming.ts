/**
 * How descriptor names become GraphQL and storage names. One place, so the
 * SDL, the resolvers and the seeder always agree.
 */
import type { DataProduct } from '../sdk/index.ts';

/** `commerce` → `CommerceQuery`: the namespace type of a domain's reads. */
export function namespaceTypeName(domain: string): string {
  return `${domain[0]!.toUpperCase()}${domain.slice(1)}Query`;
}

/** `OrderItem` → `orderItem`: the by-key root field. */
export function singularFieldName(entity: string): string {
  return `${entity[0]!.toLowerCase()}${entity.slice(1)}`;
}

/** `Category` → `categories`, `OrderItem` → `orderItems`: the list root field. */
export function pluralFieldName(entity: string): string {
  const singular = singularFieldName(entity);
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  return `${singular}s`;
}

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
