/** Scalars used across the schema, in one place so every type picks the same ones. */
export { GraphQLJSON as JSONScalar, GraphQLJSONObject as JSONObjectScalar } from "graphql-scalars";
export { GraphQLISODateTime as DateTimeScalar } from "type-graphql";
