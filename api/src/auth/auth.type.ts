import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import { ROLES, type Role as RoleName } from "./principal.js";

export const Role = graphqlEnum(
  "Role",
  ROLES,
  "VIEWER reads; EDITOR also changes pipelines, runs, datasets, experiments, validations; ADMIN also users and settings.",
);

@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
  @Field(() => Role) role!: RoleName;
  @Field(() => Boolean) disabled!: boolean;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lastLoginAt!: Date | null;
}

@ObjectType()
export class UserConnection extends Connection(User) {}

@ObjectType({
  description: "A signed-in session: send `accessToken` as `Authorization: Bearer …`; renew with `refreshToken`.",
})
export class AuthSession {
  @Field(() => String) accessToken!: string;
  @Field(() => DateTimeScalar) accessTokenExpiresAt!: Date;
  @Field(() => String, {
    description: "Single use: each refresh returns a new one; a reused one signs the whole session out.",
  })
  refreshToken!: string;
  @Field(() => User) user!: User;
}

@ObjectType({ description: "Who the request is from." })
export class Viewer {
  @Field(() => ID) userId!: string;
  @Field(() => String) email!: string;
  @Field(() => Role) role!: RoleName;
  @Field(() => String, { description: "jwt, api-token or dev (single-user dev mode)." }) via!: string;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt!: Date | null;
}

@ObjectType()
export class ApiToken {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Role) role!: RoleName;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType()
export class ApiTokenConnection extends Connection(ApiToken) {}

@ObjectType({ description: "A new API token: `token` is shown this once (only its hash is kept)." })
export class CreatedApiToken {
  @Field(() => String) token!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
}

@InputType()
export class CreateUserInput {
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { description: "12 characters or more." }) password!: string;
  @Field(() => Role) role!: RoleName;
}

@InputType()
export class UpdateUserInput {
  @Field(() => Role, { nullable: true }) role?: RoleName;
  @Field(() => Boolean, { nullable: true }) disabled?: boolean;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) password?: string;
}
