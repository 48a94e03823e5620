import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { DomainError } from "../common/errors.js";
import { PagingArgs } from "../common/paging-args.js";
import type { RequestContext } from "../server/context.js";
import type { ApiTokenRecord, UserRecord } from "../store/records.js";
import type { AuthService, Session } from "./auth.service.js";
import type { Principal, Role as RoleName } from "./principal.js";
import {
  ApiTokenConnection,
  AuthSession,
  CreatedApiToken,
  CreateUserInput,
  Role,
  UpdateUserInput,
  User,
  UserConnection,
  Viewer,
} from "./auth.type.js";
import { requirePrincipal } from "./require-principal.js";

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthSession, { description: "Signs in (public)." })
  login(@Arg("email", () => String) email: string, @Arg("password", () => String) password: string): Promise<Session> {
    return this.auth.login(email, password);
  }

  @Mutation(() => AuthSession, { description: "A new session for a refresh token, which is spent (public)." })
  refreshSession(@Arg("refreshToken", () => String) refreshToken: string): Promise<Session> {
    return this.auth.refresh(refreshToken);
  }

  @Authorized()
  @Mutation(() => AuthSession, {
    description:
      "Changes your own password (the current one is checked). Your other sessions are signed out; this one continues with the session returned.",
  })
  changePassword(
    @Ctx() ctx: RequestContext,
    @Arg("currentPassword", () => String) currentPassword: string,
    @Arg("newPassword", () => String) newPassword: string,
  ): Promise<Session> {
    const principal = requirePrincipal(ctx);
    if (principal.via === "dev") throw new DomainError("FORBIDDEN", "single-user dev mode has no password to change");
    return this.auth.changePassword(principal.userId, currentPassword, newPassword);
  }

  @Mutation(() => Boolean, { description: "Signs out: the session's refresh tokens are revoked (public)." })
  logout(@Arg("refreshToken", () => String) refreshToken: string): Promise<boolean> {
    return this.auth.logout(refreshToken);
  }

  @Authorized()
  @Query(() => Viewer, { description: "Who this request is from." })
  viewer(@Ctx() ctx: RequestContext): Principal {
    return requirePrincipal(ctx);
  }

  @Authorized("ADMIN")
  @Query(() => UserConnection)
  async users(@Args(() => PagingArgs) { first, after }: PagingArgs): Promise<ConnectionValue<UserRecord>> {
    return toConnection(await this.auth.listUsers({}, { first, after }));
  }

  @Authorized("ADMIN")
  @Mutation(() => User)
  createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput): Promise<UserRecord> {
    return this.auth.createUser(input);
  }

  @Authorized("ADMIN")
  @Mutation(() => User)
  updateUser(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateUserInput) input: UpdateUserInput,
  ): Promise<UserRecord> {
    return this.auth.updateUser(id, input);
  }

  @Authorized()
  @Query(() => ApiTokenConnection, { description: "Your API tokens." })
  async apiTokens(
    @Ctx() ctx: RequestContext,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<ApiTokenRecord>> {
    return toConnection(await this.auth.listApiTokens(requirePrincipal(ctx), { first, after }));
  }

  @Authorized("VIEWER")
  @Mutation(() => CreatedApiToken, {
    description: "A token for machines (CI, the MLflow client), with at most your role.",
  })
  async createApiToken(
    @Ctx() ctx: RequestContext,
    @Arg("name", () => String) name: string,
    @Arg("role", () => Role, { nullable: true }) role: RoleName | null,
  ): Promise<{ token: string; apiToken: ApiTokenRecord }> {
    const { token, record } = await this.auth.createApiToken(requirePrincipal(ctx), name, role);
    return { token, apiToken: record };
  }

  @Authorized("VIEWER")
  @Mutation(() => Boolean)
  revokeApiToken(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string): Promise<boolean> {
    return this.auth.revokeApiToken(requirePrincipal(ctx), id);
  }
}
