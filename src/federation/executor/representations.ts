import type { EntityTarget, PathStep, RepresentationShape } from '../planner/index.ts';

type Json = Record<string, unknown>;

/** Deduplicated representations of one `_entities` call and, for each, every object its result merges into. */
export interface RepresentationBatch {
  representations: Json[];
  objects: Json[][];
}

/** Walks each target path over the merged data (lists flattened) and collects one representation per distinct entity. */
export function collectRepresentations(targets: EntityTarget[], data: Json): RepresentationBatch {
  const batch: RepresentationBatch = { representations: [], objects: [] };
  const seenBySignature = new Map<string, Map<string, number>>();
  for (const target of targets) {
    let seen = seenBySignature.get(target.signature);
    if (!seen) {
      seen = new Map();
      seenBySignature.set(target.signature, seen);
    }
    walk(data, target.path, 0, target, batch, seen);
  }
  return batch;
}

function walk(value: unknown, path: PathStep[], depth: number, target: EntityTarget, batch: RepresentationBatch, seen: Map<string, number>) {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], path, depth, target, batch, seen);
    return;
  }
  const object = value as Json;
  if (depth === path.length) {
    if (object.__typename === target.typeName) add(object, target, batch, seen);
    return;
  }
  const step = path[depth];
  if (step.onType !== null && object.__typename !== step.onType) return;
  walk(object[step.key], path, depth + 1, target, batch, seen);
}

function add(object: Json, target: EntityTarget, batch: RepresentationBatch, seen: Map<string, number>) {
  const key = dedupKey(object, target.representation);
  if (key === null) return; // key fields missing (e.g. an upstream error): nothing to resolve
  const index = seen.get(key);
  if (index !== undefined) {
    batch.objects[index].push(object);
    return;
  }
  const representation = project(object, target.representation)!;
  representation.__typename = target.typeName;
  seen.set(key, batch.representations.length);
  batch.representations.push(representation);
  batch.objects.push([object]);
}

/** Identity of an object's representation among targets of one signature: its field values; null if incomplete. */
function dedupKey(object: Json, shape: RepresentationShape): string | null {
  const fields = shape.fields;
  if (fields.length === 1) {
    const value = object[fields[0].name];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : `\u0002${JSON.stringify(value)}`;
  }
  let key = '';
  for (let i = 0; i < fields.length; i++) {
    const value = object[fields[i].name];
    if (value === undefined) return null;
    key += typeof value === 'string' ? `\u0001${value}` : `\u0002${JSON.stringify(value)}`;
  }
  return key;
}

function project(object: Json, shape: RepresentationShape): Json | undefined {
  const out: Json = object.__typename !== undefined ? { __typename: object.__typename } : {};
  for (const field of shape.fields) {
    const value = object[field.name];
    if (value === undefined) return undefined;
    out[field.name] = field.sub === null || value === null ? value : projectValue(value, field.sub);
  }
  return out;
}

function projectValue(value: unknown, shape: RepresentationShape): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? null : projectValue(v, shape)));
  return project(value as Json, shape) ?? null;
}

/** The client path of an object (for error paths); only called when a subgraph reported an error. */
export function findObjectPath(data: Json, path: PathStep[], object: Json): (string | number)[] | null {
  const found: (string | number)[] = [];
  const search = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object') return false;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        found.push(i);
        if (search(value[i], depth)) return true;
        found.pop();
      }
      return false;
    }
    if (depth === path.length) return value === object;
    found.push(path[depth].key);
    if (search((value as Json)[path[depth].key], depth + 1)) return true;
    found.pop();
    return false;
  };
  return search(data, 0) ? found : null;
}
