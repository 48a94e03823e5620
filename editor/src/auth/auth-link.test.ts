import { ApolloClient, ApolloLink, InMemoryCache } from "@apollo/client";
import { parse } from "graphql";
import { firstValueFrom, of } from "rxjs";
import { describe, expect, it } from "vitest";
import { createAuthLink } from "./auth-link";

const QUERY = parse("query Pipelines { pipelines { totalCount } }");
const UNAUTHENTICATED = { errors: [{ message: "token expired", extensions: { code: "UNAUTHENTICATED" } }] };
const OK = { data: { pipelines: { totalCount: 3 } } };

/** A terminating link that answers per bearer token and records what it saw. */
function fakeApi(valid: Set<string>) {
  const seen: (string | undefined)[] = [];
  const link = new ApolloLink((operation) => {
    const headers = (operation.getContext() as { headers?: Record<string, string> }).headers;
    const auth = headers?.["authorization"];
    seen.push(auth);
    return of(auth !== undefined && valid.has(auth.replace("Bearer ", "")) ? OK : UNAUTHENTICATED);
  });
  return { link, seen };
}

function run(link: ApolloLink) {
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  return firstValueFrom(ApolloLink.execute(link, { query: QUERY }, { client }));
}

describe("auth link", () => {
  it("sends the bearer token", async () => {
    const api = fakeApi(new Set(["a1"]));
    const session = { accessToken: () => Promise.resolve("a1"), tokenRejected: () => Promise.resolve(null) };
    expect(await run(ApolloLink.from([createAuthLink(session), api.link]))).toEqual(OK);
    expect(api.seen).toEqual(["Bearer a1"]);
  });

  it("refreshes once on UNAUTHENTICATED and sends the operation again with the new token", async () => {
    const api = fakeApi(new Set(["a2"]));
    const rejected: (string | null)[] = [];
    const session = {
      accessToken: () => Promise.resolve("a1"),
      tokenRejected: (token: string | null) => {
        rejected.push(token);
        return Promise.resolve("a2");
      },
    };
    expect(await run(ApolloLink.from([createAuthLink(session), api.link]))).toEqual(OK);
    expect(rejected).toEqual(["a1"]);
    expect(api.seen).toEqual(["Bearer a1", "Bearer a2"]);
  });

  it("gives the UNAUTHENTICATED answer back when the refresh signs out, and never retries twice", async () => {
    const api = fakeApi(new Set());
    let refreshes = 0;
    const signedOut = { accessToken: () => Promise.resolve("a1"), tokenRejected: () => Promise.resolve(null) };
    expect(await run(ApolloLink.from([createAuthLink(signedOut), api.link]))).toEqual(UNAUTHENTICATED);
    const stillRefused = {
      accessToken: () => Promise.resolve("a1"),
      tokenRejected: () => {
        refreshes += 1;
        return Promise.resolve("a2");
      },
    };
    expect(await run(ApolloLink.from([createAuthLink(stillRefused), api.link]))).toEqual(UNAUTHENTICATED);
    expect(refreshes).toBe(1);
  });

  it("sends no header without a token (dev mode) and does not try to refresh", async () => {
    const api = fakeApi(new Set());
    let refreshes = 0;
    const dev = {
      accessToken: () => Promise.resolve(null),
      tokenRejected: () => {
        refreshes += 1;
        return Promise.resolve(null);
      },
    };
    await run(ApolloLink.from([createAuthLink(dev), api.link]));
    expect(api.seen).toEqual([undefined]);
    expect(refreshes).toBe(0);
  });
});
