import { columnOf, type ColumnSchema, PlanError, type RelationSchema } from './schema.ts';

const family = (type: ColumnSchema['type']) => (type === 'ID' ? 'String' : type === 'Int' ? 'Float' : type);

/** Every `on` pair names existing fields of comparable scalar types. */
export function keyCompatible(left: RelationSchema, right: RelationSchema, on: Record<string, string>, at: string): void {
  if (Object.keys(on).length === 0 && at !== 'asOfJoin') throw new PlanError(`${at}: on needs at least one field pair`);
  for (const [leftField, rightField] of Object.entries(on)) {
    const l = columnOf(left, leftField, `${at} (left)`);
    const r = columnOf(right, rightField, `${at} (right)`);
    if (l.list || r.list || l.type === 'JSON' || family(l.type) !== family(r.type)) {
      throw new PlanError(`${at}: cannot match ${leftField} (${l.type}) with ${rightField} (${r.type})`, leftField);
    }
  }
}

/** Left columns, then the right's except `dropped`; a clash names the field. Right columns are nullable in outer joins. */
export function joinSchema(
  left: RelationSchema,
  right: RelationSchema,
  dropped: string[],
  outer: boolean,
  at: string,
): { schema: RelationSchema; rightFields: string[] } {
  const schema: Record<string, ColumnSchema> = { ...left };
  const rightFields: string[] = [];
  for (const [name, column] of Object.entries(right)) {
    if (dropped.includes(name)) continue;
    if (schema[name]) throw new PlanError(`${at}: both sides have a field ${name}; select or derive it under another name first`, name);
    schema[name] = outer ? { ...column, nullable: true } : column;
    rightFields.push(name);
  }
  return { schema, rightFields };
}

/** The schema of a union: the first side's columns; each side must have exactly those, of the same types. */
export function unionSchema(first: RelationSchema, others: RelationSchema[]): RelationSchema {
  const schema: Record<string, ColumnSchema> = { ...first };
  for (const [index, other] of others.entries()) {
    const at = `union (side ${index + 2})`;
    for (const name of Object.keys(other)) if (!Object.hasOwn(first, name)) throw new PlanError(`${at}: field ${name} is not on the first side`, name);
    for (const [name, column] of Object.entries(first)) {
      const got = columnOf(other, name, at);
      if (family(got.type) !== family(column.type) || got.list !== column.list)
        throw new PlanError(`${at}: field ${name} is ${got.type}, the first side has ${column.type}`, name);
      const merged = schema[name]!;
      schema[name] = {
        ...merged,
        type: merged.type === 'Int' && got.type === 'Float' ? 'Float' : merged.type,
        nullable: merged.nullable || got.nullable,
        classification: [...new Set([...merged.classification, ...got.classification])].sort(),
      };
    }
  }
  return schema;
}
