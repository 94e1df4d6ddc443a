/** Scalar types a field may have; they map one to one onto GraphQL scalars. */
export type FieldType = 'ID' | 'String' | 'Int' | 'Float' | 'Boolean' | 'DateTime' | 'JSON';

/** Classification tags drive default policies (pii is denied unless allowed). */
export type Classification = 'public' | 'internal' | 'confidential' | 'pii';
