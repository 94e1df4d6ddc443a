/**
 * SDL of the catalog part of the built-in `platform` subgraph: every data
 * product's descriptor, served from memory (metadata, readable by anyone).
 */
import { FEDERATION_LINK } from '../operational/index.ts';

export const PLATFORM_SUBGRAPH = 'platform';

export const CATALOG_SDL = `${FEDERATION_LINK}

"Any JSON value."
scalar JSON

type Query {
  "Every data product of the mesh: the catalog."
  dataProducts: [DataProduct!]!
  "One data product by name, or null."
  dataProduct(name: String!): DataProduct
}

"A domain's published data product."
type DataProduct {
  name: String!
  version: String!
  description: String!
  "The owning team."
  owner: String!
  "How to reach the owning team."
  contact: String!
  tags: [String!]!
  "local: served by this gateway; remote: a subgraph registered by URL."
  origin: String!
  "The remote subgraph URL, for remote products."
  url: String
  entities: [EntityInfo!]!
  datasets: [DatasetInfo!]!
  cubes: [CubeInfo!]!
  models: [ModelInfo!]!
  pipelines: [PipelineInfo!]!
}

type EntityInfo {
  name: String!
  description: String
  "postgres or mongo."
  sourceKind: String!
  "Table or collection."
  sourceName: String!
  key: String!
  fields: [FieldInfo!]!
  relations: [RelationInfo!]!
}

type FieldInfo {
  name: String!
  type: String!
  nullable: Boolean!
  list: Boolean!
  description: String
  "Classification tags such as pii."
  classification: [String!]!
}

type RelationInfo {
  name: String!
  kind: String!
  "Entity or domain.Entity."
  target: String!
  field: String!
}

type DatasetInfo {
  name: String!
  description: String
  eventTime: String!
  partitioning: String!
  fields: [FieldInfo!]!
  "The Kafka topic events of this dataset go to; null for a derived dataset (a pipeline step writes it)."
  topic: String
  "The pipeline step (<domain>.<pipeline>.<step>) that writes a derived dataset; null for one fed by events."
  producedBy: String
  "What the lake holds: from the partition catalog."
  lake: DatasetLakeSummary!
}

type DatasetLakeSummary {
  partitions: Int!
  files: Int!
  rows: Float!
  bytes: Float!
  minTime: String
  maxTime: String
}

type CubeInfo {
  name: String!
  description: String
  measures: [String!]!
  dimensions: [String!]!
}

type ModelInfo {
  name: String!
  description: String
  kind: String!
  features: [String!]!
}

type PipelineInfo {
  name: String!
  description: String
  schedule: String
  steps: [String!]!
}
`;
