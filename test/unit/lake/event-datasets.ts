import type { DataProduct, DataProductDescriptor } from '../../../src/sdk/index.ts';

/** A product's event-fed datasets only: its pipelines and the datasets they derive (no userId, no topic) are another concern. */
export function eventDatasetsOf(product: DataProduct): DataProductDescriptor {
  const { __validated, pipelines, ...descriptor } = product;
  const datasets = Object.fromEntries(Object.entries(descriptor.lake?.datasets ?? {}).filter(([, dataset]) => dataset.producedBy === undefined));
  return { ...descriptor, lake: { datasets } };
}
