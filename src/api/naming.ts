/**
 * How descriptor names become GraphQL type and field names, for every plane.
 * One place, so the operational SDL, the lake's fields that extend a domain's
 * namespace type, the live schema and the resolvers always agree.
 */

/** `engagement` → `Engagement`: the start of every type name derived from a domain or dataset. */
export function upperFirst(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

/** `commerce` → `CommerceQuery`: the namespace type of a domain's reads, which the lake plane extends. */
export function namespaceTypeName(domain: string): string {
  return `${upperFirst(domain)}Query`;
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
