import { print, visit, type DocumentNode, type ExecutionResult } from 'graphql';
import type { TypeRenames } from '../composition/rename-types.ts';
import type { SubgraphClient, SubgraphRequest } from './client-types.ts';

interface RemoteDocument {
  query: string;
  document: DocumentNode;
  /** Whether the document selects `__typename` anywhere (else responses need no walk). */
  selectsTypename: boolean;
}

/**
 * Talks to a subgraph whose types the supergraph knows under prefixed names (see `renameSubgraphTypes`):
 * outgoing documents (type conditions, variable types) and `representations[].__typename` get the remote
 * names; `__typename` values in the response get the prefixed names back. Documents are rewritten once each.
 */
export function createRenamingClient(inner: SubgraphClient, renames: TypeRenames): SubgraphClient {
  const documents = new WeakMap<DocumentNode, RemoteDocument>();
  const remoteDocumentFor = (req: SubgraphRequest): RemoteDocument => {
    let remote = documents.get(req.document);
    if (!remote) {
      remote = toRemoteDocument(req, renames.toRemote);
      documents.set(req.document, remote);
    }
    return remote;
  };
  return {
    async execute(req: SubgraphRequest): Promise<ExecutionResult> {
      const remote = remoteDocumentFor(req);
      const variables = renameRepresentations(req.variables, renames.toRemote);
      const result = await inner.execute({ ...req, query: remote.query, document: remote.document, variables });
      if (remote.selectsTypename && result.data) renameTypenamesInPlace(result.data, renames.toPrefixed);
      return result;
    },
  };
}

function toRemoteDocument(req: SubgraphRequest, toRemote: ReadonlyMap<string, string>): RemoteDocument {
  let changed = false;
  let selectsTypename = false;
  const document = visit(req.document, {
    NamedType(node) {
      const remote = toRemote.get(node.name.value);
      if (remote === undefined) return undefined;
      changed = true;
      return { ...node, name: { ...node.name, value: remote } };
    },
    Field(node) {
      if (node.name.value === '__typename') selectsTypename = true;
    },
  });
  if (!changed) return { query: req.query, document: req.document, selectsTypename };
  return { query: print(document), document, selectsTypename };
}

/** `representations` (the `_entities` argument) carry type names in `__typename`; other variables carry none. */
function renameRepresentations(variables: Record<string, unknown>, toRemote: ReadonlyMap<string, string>): Record<string, unknown> {
  const representations = variables?.representations;
  if (!Array.isArray(representations)) return variables;
  return { ...variables, representations: representations.map((rep) => renameTypename(rep, toRemote)) };
}

/** A copy with every `__typename` renamed: nested key objects of a representation carry their own `__typename`. */
function renameTypename(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => renameTypename(item, names));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = key === '__typename' && typeof field === 'string' ? (names.get(field) ?? field) : renameTypename(field, names);
  }
  return copy;
}

/** Walks a fresh subgraph response (parsed or executed per call, owned by this request) and renames in place. */
function renameTypenamesInPlace(value: unknown, toPrefixed: ReadonlyMap<string, string>): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) renameTypenamesInPlace(item, toPrefixed);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if (key === '__typename' && typeof field === 'string') {
      const next = toPrefixed.get(field);
      if (next !== undefined) record[key] = next;
    } else if (field !== null && typeof field === 'object') {
      renameTypenamesInPlace(field, toPrefixed);
    }
  }
}
