// The server's own graphql build, for tests that walk the schema: the root workspace has no graphql
// of its own, and the vitest config already points `graphql` at this same file.
export { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType } from '../../server/node_modules/graphql/index.js';
export type { GraphQLArgument, GraphQLField, GraphQLInputType } from '../../server/node_modules/graphql/index.js';
