/** The catalog entries `dataProducts` serves, derived from descriptors. */
import type { DataProduct, FieldDescriptor } from '../sdk/index.ts';

export interface RemoteProduct {
  name: string;
  url: string;
}

export function catalogEntry(product: DataProduct) {
  return {
    name: product.name,
    version: product.version,
    description: product.description,
    owner: product.owner.team,
    contact: product.owner.contact,
    tags: product.tags ?? [],
    origin: 'local',
    url: null,
    entities: Object.entries(product.operational?.entities ?? {}).map(([name, e]) => ({
      name,
      description: e.description ?? null,
      sourceKind: e.source.kind,
      sourceName: e.source.kind === 'postgres' ? `${e.source.schema ? `${e.source.schema}.` : ''}${e.source.table}` : e.source.collection,
      key: e.key,
      fields: fieldInfos(e.fields, e.key),
      relations: Object.entries(e.relations ?? {}).map(([relName, r]) => ({ name: relName, kind: r.kind, target: r.target, field: r.field })),
    })),
    datasets: Object.entries(product.lake?.datasets ?? {}).map(([name, d]) => ({
      domain: product.name,
      topic: d.producedBy ? null : `${product.name}.${name}`,
      producedBy: d.producedBy ? `${product.name}.${d.producedBy}` : null,
      name,
      description: d.description ?? null,
      eventTime: d.eventTime,
      partitioning: d.partitioning,
      fields: fieldInfos(d.fields),
    })),
    cubes: Object.entries(product.analytical?.cubes ?? {}).map(([name, c]) => ({
      name,
      description: c.description ?? null,
      measures: Object.keys(c.measures),
      dimensions: Object.keys(c.dimensions),
    })),
    models: Object.entries(product.predictive?.models ?? {}).map(([name, m]) => ({
      name,
      description: m.description ?? null,
      kind: m.kind,
      features: m.features,
    })),
    pipelines: Object.entries(product.pipelines ?? {}).map(([name, p]) => ({
      name,
      description: p.description ?? null,
      schedule: p.schedule ?? null,
      steps: Object.keys(p.steps),
    })),
  };
}

/** A remote subgraph appears in the catalog with what is known of it. */
export function remoteCatalogEntry(remote: RemoteProduct) {
  return {
    name: remote.name,
    version: 'remote',
    description: `Remote Federation v2 subgraph at ${remote.url}`,
    owner: 'remote',
    contact: remote.url,
    tags: ['remote'],
    origin: 'remote',
    url: remote.url,
    entities: [],
    datasets: [],
    cubes: [],
    models: [],
    pipelines: [],
  };
}

function fieldInfos(fields: Record<string, FieldDescriptor>, key?: string) {
  return Object.entries(fields).map(([name, f]) => ({
    name,
    type: f.type,
    nullable: name === key ? false : (f.nullable ?? true),
    list: f.list ?? false,
    description: f.description ?? null,
    classification: f.classification ?? [],
  }));
}
