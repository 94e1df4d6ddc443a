import { Kind, print, type ArgumentNode, type ValueNode } from 'graphql';
import { PlanError } from '../errors.ts';

/** A selection set being assembled for one subgraph fetch. */
export interface FetchSelection {
  fields: Map<string, FetchField>;
  /** Inline fragments by type condition (used under abstract types). */
  fragments: Map<string, FetchSelection>;
}

export interface FetchField {
  responseKey: string;
  name: string;
  args: readonly ArgumentNode[];
  argsKey: string;
  selection: FetchSelection | null;
}

export function emptySelection(): FetchSelection {
  return { fields: new Map(), fragments: new Map() };
}

/** Adds (or finds) a field; two different fields under one response key cannot share a fetch. */
export function addFetchField(
  target: FetchSelection,
  field: { responseKey: string; name: string; args: readonly ArgumentNode[]; argsKey: string },
  composite: boolean,
): FetchField {
  const existing = target.fields.get(field.responseKey);
  if (existing) {
    if (existing.name !== field.name || existing.argsKey !== field.argsKey) {
      throw new PlanError(
        'PLAN_ALIAS_CONFLICT',
        `Response key "${field.responseKey}" is used for both "${existing.name}" and "${field.name}" in one subgraph fetch`,
      );
    }
    if (composite && !existing.selection) existing.selection = emptySelection();
    return existing;
  }
  const created: FetchField = { ...field, selection: composite ? emptySelection() : null };
  target.fields.set(field.responseKey, created);
  return created;
}

export function fragmentFor(target: FetchSelection, typeName: string): FetchSelection {
  let fragment = target.fragments.get(typeName);
  if (!fragment) {
    fragment = emptySelection();
    target.fragments.set(typeName, fragment);
  }
  return fragment;
}

/** Merges `source` into `target`; returns false (target then partly merged) when response keys clash. */
export function mergeSelectionInto(target: FetchSelection, source: FetchSelection): boolean {
  for (const field of source.fields.values()) {
    const existing = target.fields.get(field.responseKey);
    if (existing && (existing.name !== field.name || existing.argsKey !== field.argsKey)) return false;
    const merged = existing ?? addFetchField(target, field, field.selection !== null);
    if (!field.selection) continue;
    merged.selection ??= emptySelection();
    if (!mergeSelectionInto(merged.selection, field.selection)) return false;
  }
  for (const [typeName, fragment] of source.fragments) if (!mergeSelectionInto(fragmentFor(target, typeName), fragment)) return false;
  return true;
}

/** True when merging would not clash (checked before merging fetches). */
export function canMergeSelections(target: FetchSelection, source: FetchSelection): boolean {
  for (const field of source.fields.values()) {
    const existing = target.fields.get(field.responseKey);
    if (!existing) continue;
    if (existing.name !== field.name || existing.argsKey !== field.argsKey) return false;
    if (existing.selection && field.selection && !canMergeSelections(existing.selection, field.selection)) return false;
  }
  for (const [typeName, fragment] of source.fragments) {
    const existing = target.fragments.get(typeName);
    if (existing && !canMergeSelections(existing, fragment)) return false;
  }
  return true;
}

export function cloneSelection(source: FetchSelection): FetchSelection {
  const copy = emptySelection();
  mergeSelectionInto(copy, source);
  return copy;
}

export function printSelection(selection: FetchSelection): string {
  const parts: string[] = [];
  for (const f of selection.fields.values()) {
    const alias = f.responseKey === f.name ? '' : `${f.responseKey}:`;
    const args = f.args.length ? `(${f.args.map((a) => print(a)).join(',')})` : '';
    parts.push(`${alias}${f.name}${args}${f.selection ? printSelection(f.selection) : ''}`);
  }
  for (const [typeName, fragment] of selection.fragments) parts.push(`...on ${typeName}${printSelection(fragment)}`);
  // A composite field whose client selection is only `__typename` (answered by the gateway) still needs one field.
  if (parts.length === 0) parts.push('__typename');
  return `{${parts.join(' ')}}`;
}

/** Names of the variables a selection uses (so a fetch forwards only those). */
export function collectVariables(selection: FetchSelection, into: Set<string>): Set<string> {
  for (const f of selection.fields.values()) {
    for (const a of f.args) collectValueVariables(a.value, into);
    if (f.selection) collectVariables(f.selection, into);
  }
  for (const fragment of selection.fragments.values()) collectVariables(fragment, into);
  return into;
}

function collectValueVariables(value: ValueNode, into: Set<string>) {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const v of value.values) collectValueVariables(v, into);
  else if (value.kind === Kind.OBJECT) for (const f of value.fields) collectValueVariables(f.value, into);
}
