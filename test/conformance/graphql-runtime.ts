/**
 * meshgate's own graphql-js, for code under test/conformance/compat/: a bare `graphql` import there would
 * resolve to the compatibility package's copy in compat/node_modules, and graphql-js refuses schemas built
 * by another instance ("Cannot use GraphQLSchema from another module or realm").
 */
export { graphql, GraphQLError } from 'graphql';
export type { GraphQLSchema } from 'graphql';
