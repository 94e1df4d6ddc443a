/**
 * The referential half of descriptor validation, inside one descriptor:
 * keys, relations and event-time fields must point at things that exist
 * (pipelines: `validate-pipelines.ts`). Returns every issue found, never stops at the first.
 */
import type { DataProductDescriptor, EntityDescriptor } from './descriptor-types.ts';
import type { DescriptorIssue } from './descriptor-error.ts';

const KEY_TYPES = new Set(['ID', 'String', 'Int']);

export function referenceIssues(d: DataProductDescriptor): DescriptorIssue[] {
  const issues: DescriptorIssue[] = [];
  const report = (path: string, message: string) => issues.push({ domain: d.name, path, message });
  const entities = d.operational?.entities ?? {};
  for (const [name, entity] of Object.entries(entities)) {
    checkEntity(name, entity, entities, report);
  }
  for (const [name, dataset] of Object.entries(d.lake?.datasets ?? {})) {
    const path = `lake.datasets.${name}`;
    const time = dataset.fields[dataset.eventTime];
    if (!time) report(`${path}.eventTime`, `names no field; fields are: ${list(dataset.fields)}`);
    else if (time.type !== 'DateTime') report(`${path}.eventTime`, `must name a DateTime field, ${dataset.eventTime} is ${time.type}`);
    if (dataset.keyField && !dataset.fields[dataset.keyField]) {
      report(`${path}.keyField`, `names no field; fields are: ${list(dataset.fields)}`);
    }
  }
  return issues;
}

type Report = (path: string, message: string) => void;

function checkEntity(name: string, entity: EntityDescriptor, entities: Record<string, EntityDescriptor>, report: Report) {
  const path = `operational.entities.${name}`;
  const key = entity.fields[entity.key];
  if (!key) report(`${path}.key`, `names no field; fields are: ${list(entity.fields)}`);
  else if (!KEY_TYPES.has(key.type) || key.list)
    report(`${path}.key`, `must be a single ID, String or Int field, ${entity.key} is ${key.type}${key.list ? ' list' : ''}`);
  else if (key.nullable) report(`${path}.fields.${entity.key}.nullable`, 'a key field cannot be nullable');
  for (const [relName, rel] of Object.entries(entity.relations ?? {})) {
    const relPath = `${path}.relations.${relName}`;
    if (entity.fields[relName]) report(relPath, `clashes with the field of the same name`);
    const crossDomain = rel.target.includes('.');
    if (rel.kind === 'one') {
      if (!entity.fields[rel.field]) report(`${relPath}.field`, `names no field of ${name}; fields are: ${list(entity.fields)}`);
      if (!crossDomain && !entities[rel.target]) report(`${relPath}.target`, `names unknown entity ${rel.target}; entities are: ${list(entities)}`);
      continue;
    }
    if (crossDomain) {
      report(`${relPath}.kind`, `a many relation must target an entity of this domain (the other domain exposes the reverse side)`);
      continue;
    }
    const target = entities[rel.target];
    if (!target) report(`${relPath}.target`, `names unknown entity ${rel.target}; entities are: ${list(entities)}`);
    else if (!target.fields[rel.field]) report(`${relPath}.field`, `names no field of ${rel.target}; fields are: ${list(target.fields)}`);
  }
}

export function list(record: Record<string, unknown>): string {
  const names = Object.keys(record);
  return names.length ? names.join(', ') : '(none)';
}
