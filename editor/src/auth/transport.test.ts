import { describe, expect, it } from "vitest";
import { LoginMutation } from "./auth.queries";
import { ApiError, localExpiry, postGraphQL } from "./transport";
import { AuthRejectedError } from "./session";

const b64url = (value: object): string =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const jwt = (claims: object): string => `${b64url({ alg: "HS256" })}.${b64url(claims)}.signature`;

describe("localExpiry", () => {
  it("counts the token's own lifetime from now, whatever the server's clock said", () => {
    const token = jwt({ iat: 1_000, exp: 1_900, sub: "u1" });
    expect(localExpiry(token, "2000-01-01T00:00:00.000Z", 5_000_000)).toBe(5_000_000 + 900_000);
  });

  it("falls back to the server's expiry for a token it cannot read", () => {
    expect(localExpiry("opaque", "2026-01-01T00:00:00.000Z")).toBe(Date.parse("2026-01-01T00:00:00.000Z"));
  });
});

describe("postGraphQL", () => {
  const answer =
    (body: unknown, status = 200): typeof fetch =>
    () =>
      Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

  it("turns UNAUTHENTICATED into AuthRejectedError and other codes into ApiError", async () => {
    const refused = answer({
      errors: [{ message: "wrong email or password", extensions: { code: "UNAUTHENTICATED" } }],
    });
    await expect(postGraphQL("/graphql", LoginMutation, { email: "a", password: "b" }, refused)).rejects.toBeInstanceOf(
      AuthRejectedError,
    );
    const limited = answer({ errors: [{ message: "slow down", extensions: { code: "RATE_LIMITED" } }] });
    await expect(postGraphQL("/graphql", LoginMutation, { email: "a", password: "b" }, limited)).rejects.toEqual(
      new ApiError("slow down", "RATE_LIMITED"),
    );
  });

  it("sends JSON (which the API's CSRF prevention requires) and returns data", async () => {
    let sent: RequestInit | undefined;
    const fetchImpl: typeof fetch = (_input, init) => {
      sent = init;
      return answer({ data: { logout: true } })(_input, init);
    };
    const data = await postGraphQL("/graphql", LoginMutation, { email: "a", password: "b" }, fetchImpl);
    expect(data).toEqual({ logout: true });
    expect(new Headers(sent?.headers).get("content-type")).toBe("application/json");
    expect(JSON.parse(sent?.body as string)).toMatchObject({ variables: { email: "a", password: "b" } });
  });
});
