/**
 * The input checks of one operation, after its document parsed and validated
 * and before anything executes, in the order that keeps each one safe:
 *
 * 1. a NUL character in a literal string (BAD_USER_INPUT naming the argument path);
 * 2. a variable nested deeper than the input limit, counting the depth of the
 *    literal it is used in (INPUT_TOO_DEEP naming the argument it is used in,
 *    e.g. `where`, and the variable) — before coercion, which recurses;
 * 3. variable coercion against the API schema (`getVariableValues`): a value
 *    that does not fit its type is the client's error, answered by the
 *    gateway as a GraphQL-over-HTTP request error instead of being passed on
 *    to a subgraph (BAD_USER_INPUT, graphql-js's message);
 * 4. a NUL character in a variable's strings, named by where the variable is
 *    used (`where.email.eq`).
 *
 * The per-document part (literals, where each variable is used) is computed
 * once per parsed document.
 */
import {
  type GraphQLError,
  Kind,
  getOperationAST,
  getVariableValues,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { codedGraphQLError, nulPath, type InputChecks } from '../../api/index.ts';
import { DEFAULT_OPERATION_LIMITS, operationLimitError, tokenLimitError, type OperationLimits } from './operation-limits.ts';
import { inputTooDeep, literalDepthError, nulInInput, tooDeepPath } from './input-limits.ts';

/** Where a variable is used: the argument path (`where.not`) and how many literal containers enclose it there. */
interface VariableUse {
  path: string;
  depth: number;
}

interface DocumentInputs {
  /** Per variable, its deepest use. */
  uses: Map<string, VariableUse>;
  /** The first literal string holding a NUL character, as an error. */
  nulLiteral?: GraphQLError;
}

const analysed = new WeakMap<DocumentNode, DocumentInputs>();

function documentInputs(document: DocumentNode): DocumentInputs {
  let inputs = analysed.get(document);
  if (!inputs) {
    inputs = analyse(document);
    analysed.set(document, inputs);
  }
  return inputs;
}

function analyse(document: DocumentNode): DocumentInputs {
  const inputs: DocumentInputs = { uses: new Map() };
  visit(document, {
    Argument: (node) => walkLiteral(node.value, node.name.value, inputs),
    VariableDefinition: (node) => {
      if (node.defaultValue) walkLiteral(node.defaultValue, `$${node.variable.name.value}`, inputs);
    },
  });
  return inputs;
}

/** Records variable uses and the first NUL string below one argument's value (iterative; literal depth is already bounded). */
function walkLiteral(root: ValueNode, argument: string, inputs: DocumentInputs): void {
  const pending: { node: ValueNode; path: string; depth: number }[] = [{ node: root, path: argument, depth: 0 }];
  for (let next = 0; next < pending.length; next++) {
    const { node, path, depth } = pending[next]!;
    switch (node.kind) {
      case Kind.VARIABLE: {
        const known = inputs.uses.get(node.name.value);
        if (!known || known.depth < depth) inputs.uses.set(node.name.value, { path, depth });
        break;
      }
      case Kind.STRING:
        if (node.value.includes('\u0000') && !inputs.nulLiteral) inputs.nulLiteral = nulInInput(path);
        break;
      case Kind.LIST:
        node.values.forEach((item, i) => {
          pending.push({ node: item, path: `${path}[${i}]`, depth: depth + 1 });
        });
        break;
      case Kind.OBJECT:
        for (const field of node.fields) pending.push({ node: field.value, path: `${path}.${field.name.value}`, depth: depth + 1 });
        break;
      default:
        break;
    }
  }
}

export interface OperationInputsArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | null | undefined;
  maxInputDepth: number;
}

/** The request errors of an operation's inputs, or none; see the module comment for the order. */
export function operationInputErrors(args: OperationInputsArgs): readonly GraphQLError[] {
  const inputs = documentInputs(args.document);
  if (inputs.nulLiteral) return [inputs.nulLiteral];
  const definitions = args.operation.variableDefinitions ?? [];
  if (definitions.length === 0) return [];
  const variables = args.variables ?? {};
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const use = inputs.uses.get(name) ?? { path: `$${name}`, depth: 0 };
    const deep = tooDeepPath(variables[name], Math.max(0, args.maxInputDepth - use.depth));
    if (deep !== undefined) return [inputTooDeep(use.path, args.maxInputDepth, name)];
  }
  const coerced = getVariableValues(args.schema, definitions, variables, { maxErrors: 25 });
  // graphql-js's coercion messages name the variable, the value and the type: public text for the client.
  if (coerced.errors) return coerced.errors.map((error) => codedGraphQLError(error, 'BAD_USER_INPUT'));
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const nul = nulPath(variables[name]);
    if (nul !== undefined) return [nulInInput(`${inputs.uses.get(name)?.path ?? `$${name}`}${nul}`, name)];
  }
  return [];
}

/** The same checks for servers that parse and validate on their own (live subscriptions over WebSocket). */
export function createInputChecks(maxInputDepth: number, limits: OperationLimits = DEFAULT_OPERATION_LIMITS): InputChecks {
  return {
    beforeParse: (query) => literalDepthError(query, maxInputDepth) ?? tokenLimitError(query, limits.maxTokens),
    afterParse: (document) => operationLimitError(document, limits),
    afterValidate(schema, document, operationName, variables) {
      const operation = getOperationAST(document, operationName);
      return operation ? operationInputErrors({ schema, document, operation, variables, maxInputDepth }) : [];
    },
  };
}
