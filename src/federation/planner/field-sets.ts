import { Kind, type SelectionSetNode } from 'graphql';
import { PlanError } from '../errors.ts';
import type { SupergraphModel } from '../supergraph/index.ts';
import { addFetchField, emptySelection, fragmentFor, type FetchSelection } from './fetch-selection.ts';
import type { NormalizedField, NormalizedSelection } from './operation-types.ts';

/** A @key / @requires field set as planner fields on `typeName` (no aliases, no arguments, never in the response). */
export function fieldSetToNormalized(model: SupergraphModel, typeName: string, set: SelectionSetNode): NormalizedField[] {
  const fields: NormalizedField[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT) {
      if (!s.typeCondition || s.typeCondition.name.value === typeName) fields.push(...fieldSetToNormalized(model, typeName, s.selectionSet));
      continue;
    }
    if (s.kind !== Kind.FIELD) continue;
    const fieldModel = model.types.get(typeName)?.fields.get(s.name.value);
    if (!fieldModel && s.name.value !== '__typename') throw new PlanError('INVALID_SUPERGRAPH', `Field set names unknown field "${typeName}.${s.name.value}"`);
    fields.push({
      responseKey: s.name.value,
      name: s.name.value,
      args: [],
      argsKey: '',
      conditions: null,
      type: null,
      selection: s.selectionSet && fieldModel ? subSelection(model, fieldModel.typeName, s.selectionSet) : null,
    });
  }
  return fields;
}

function subSelection(model: SupergraphModel, typeName: string, set: SelectionSetNode): NormalizedSelection {
  const type = model.types.get(typeName);
  if (!type || type.kind === 'object') return { kind: 'object', typeName, fields: fieldSetToNormalized(model, typeName, set) };
  const members = new Set<string>();
  for (const m of type.membersIn.values()) for (const name of m) members.add(name);
  const byType = new Map<string, NormalizedField[]>();
  for (const member of members) byType.set(member, [...fieldSetToNormalized(model, member, withoutForeignFragments(set, member, typeName))]);
  return { kind: 'abstract', typeName, byType };
}

function withoutForeignFragments(set: SelectionSetNode, member: string, abstractName: string): SelectionSetNode {
  const selections = set.selections.filter(
    (s) => s.kind !== Kind.INLINE_FRAGMENT || !s.typeCondition || [member, abstractName].includes(s.typeCondition.name.value),
  );
  return { ...set, selections };
}

/** The same field set as a fetch selection (for the representation shape). */
export function fieldSetToFetchSelection(set: SelectionSetNode, into: FetchSelection = emptySelection()): FetchSelection {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const field = addFetchField(into, { responseKey: s.name.value, name: s.name.value, args: [], argsKey: '' }, s.selectionSet !== undefined);
      if (s.selectionSet) fieldSetToFetchSelection(s.selectionSet, field.selection!);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      fieldSetToFetchSelection(s.selectionSet, s.typeCondition ? fragmentFor(into, s.typeCondition.name.value) : into);
    }
  }
  return into;
}
