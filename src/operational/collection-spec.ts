import type { EntityDescriptor } from '../sdk/index.ts';
import type { CollectionSpec, FieldSpec } from '../sources/index.ts';
import { snakeCase } from './descriptor-names.ts';

/**
 * The storage view of an entity. PostgreSQL columns default to the snake_case
 * of the field name, document keys to the field name itself; the foreign keys
 * of its one-relations are indexed.
 */
export function collectionSpecOf(entity: EntityDescriptor): CollectionSpec {
  const sql = entity.source.kind === 'postgres';
  const fields: FieldSpec[] = Object.entries(entity.fields).map(([name, field]) => ({
    name,
    column: field.column ?? (sql ? snakeCase(name) : name),
    type: field.type,
    list: field.list ?? false,
    nullable: name === entity.key ? false : (field.nullable ?? true),
  }));
  // Foreign keys are indexed: relations look rows up by them, once per nesting level.
  const indexes = [
    ...new Set(
      Object.values(entity.relations ?? {})
        .filter((r) => r.kind === 'one')
        .map((r) => r.field),
    ),
  ];
  return entity.source.kind === 'postgres'
    ? { name: entity.source.table, schema: entity.source.schema, key: entity.key, fields, indexes }
    : { name: entity.source.collection, key: entity.key, fields, indexes };
}
