/**
 * The GraphQL API's conventions, the same on every plane: type and field
 * naming, SDL descriptions, filter inputs and the `where` grammar, keyset
 * cursors, page sizes, the DateTime and JSON scalars, and errors (codes,
 * BAD_USER_INPUT, masking). Operational, lake, live, platform and the
 * gateway's HTTP layer import these from here and nowhere else.
 */
export type { OrderByInput } from './arguments.ts';
export type { InputChecks } from './input-checks.ts';
export type { MaskingScope, MeshgateErrorOptions } from './errors.ts';
export { upperFirst, namespaceTypeName, pluralFieldName, singularFieldName } from './naming.ts';
export { sdlDescription } from './descriptions.ts';
export {
  FILTER_INPUTS_SDL,
  FILTER_OPERATORS,
  FILTERABLE_TYPES,
  SCALARS_SDL,
  SHARED_SDL,
  filterInputName,
  isFilterable,
} from './sdl-shared.ts';
export { DEFAULT_PAGE_SIZE, badUserInput, filterFromWhere, pageSize, sortKeysFrom } from './arguments.ts';
export { cursorSortFields, decodeCursor, encodeCursor } from './cursor.ts';
export { containsNul, nulInputError, nulPath, withoutNul } from './text-input.ts';
export { DateTimeScalar, JSONScalar } from './scalars.ts';
export {
  MeshgateError,
  PUBLIC_ERROR_CODES,
  UNEXPECTED_ERROR_MESSAGE,
  codeRequestErrors,
  codedGraphQLError,
  sanitizeError,
} from './errors.ts';
export { httpStatusOf, isRetriable } from './error-status.ts';
