/**
 * GraphQL names of the lake plane; every type is prefixed with the domain so
 * names stay unique across the mesh. The domain's namespace type, which the
 * lake extends, is named by the API (src/api).
 */
import { upperFirst } from '../../api/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';

export function lakeTypeName(domain: string): string {
  return `${upperFirst(domain)}Lake`;
}

export interface DatasetTypeNames {
  dataset: string;
  record: string;
  where: string;
  orderBy: string;
  sortField: string;
  connection: string;
  edge: string;
}

/** `engagement.viewed` → `EngagementViewedDataset`, `EngagementViewedRecord`, … */
export function datasetTypeNames(runtime: Pick<DatasetRuntime, 'domain' | 'name'>): DatasetTypeNames {
  const base = `${upperFirst(runtime.domain)}${upperFirst(runtime.name)}`;
  return {
    dataset: `${base}Dataset`,
    record: `${base}Record`,
    where: `${base}RecordWhere`,
    orderBy: `${base}RecordOrderBy`,
    sortField: `${base}RecordSortField`,
    connection: `${base}RecordConnection`,
    edge: `${base}RecordEdge`,
  };
}
