import { SignJWT, UnsecuredJWT } from "jose";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISSUER, AUDIENCE } from "../../api/src/auth/access-tokens.js";
import { buildMillraceSchema } from "../../api/src/server/schema.js";
import { startTestServer, type TestServer } from "../support/millrace.js";

const SECRET = "s".repeat(48);
let server: TestServer;
let schema: GraphQLSchema;

beforeAll(async () => {
  // No reuse grace here: the strict rotation test below reuses a token at once.
  server = await startTestServer({
    seedDemo: true,
    env: { AUTH_JWT_SECRET: SECRET, AUTH_ACCESS_TTL_SECONDS: "3", AUTH_REFRESH_REUSE_GRACE_SECONDS: "0" },
  });
  schema = await buildMillraceSchema(() => server.app.services);
});
afterAll(async () => {
  await server.stop();
});

async function gqlAs(token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
}

/** A well-typed dummy value for an argument, so the call reaches authorization rather than failing validation. */
function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [dummy(type.ofType)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]?.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, dummy(f.type)]),
    );
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case "Int":
      case "Float":
        return 1;
      case "Boolean":
        return true;
      case "JSON":
      case "JSONObject":
        return {};
      case "DateTimeISO":
        return new Date(0).toISOString();
      default:
        return "x";
    }
  }
  return null;
}

/** Calls every mutation of the schema with dummy arguments; returns the error code each one answered. */
async function callEveryMutation(token: string | null): Promise<Record<string, string>> {
  const mutations = Object.values(schema.getMutationType()!.getFields());
  const codes: Record<string, string> = {};
  for (const field of mutations) {
    const args = field.args.filter((a) => isNonNullType(a.type));
    const decl = args.map((a, i) => `$a${i}: ${String(a.type)}`).join(", ");
    const call = args.map((a, i) => `${a.name}: $a${i}`).join(", ");
    const selection = isScalarType(getNamedType(field.type)) ? "" : " { __typename }";
    const query = `mutation${decl ? `(${decl})` : ""} { ${field.name}${call ? `(${call})` : ""}${selection} }`;
    const variables = Object.fromEntries(args.map((a, i) => [`a${i}`, dummy(a.type)]));
    const res = await gqlAs(token, query, variables);
    codes[field.name] = res.errors?.[0]?.extensions?.code ?? "OK";
  }
  return codes;
}

const PUBLIC = ["login", "logout", "refreshSession"];
const ADMIN_ONLY = [
  "createUser",
  "updateUser",
  "seedDemo",
  "resetDemo",
  "createWebhook",
  "updateWebhook",
  "deleteWebhook",
];
const VIEWER_ALLOWED = ["predict", "createApiToken", "revokeApiToken", "changePassword"];

describe("role × operation matrix over every mutation", () => {
  it("refuses callers without credentials (except sign-in) and callers below each mutation's role", async () => {
    // Access tokens live 3 s in this file: each round signs in just before it starts.
    const anonymous = await callEveryMutation(null);
    const asViewer = await callEveryMutation(await server.tokenFor("VIEWER"));
    const asEditor = await callEveryMutation(await server.tokenFor("EDITOR"));
    const asAdmin = await callEveryMutation(await server.tokenFor("ADMIN"));
    const names = Object.keys(anonymous);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      if (PUBLIC.includes(name)) {
        expect(anonymous[name], name).not.toBe("FORBIDDEN");
        continue;
      }
      expect(anonymous[name], `${name} without credentials`).toBe("UNAUTHENTICATED");
      const viewerMay = VIEWER_ALLOWED.includes(name);
      const editorMay = !ADMIN_ONLY.includes(name);
      expect(asViewer[name] === "FORBIDDEN", `${name} as viewer`).toBe(!viewerMay);
      expect(asEditor[name] === "FORBIDDEN", `${name} as editor`).toBe(!editorMay);
      expect(asAdmin[name], `${name} as admin`).not.toBe("FORBIDDEN");
      expect(asAdmin[name], `${name} as admin`).not.toBe("UNAUTHENTICATED");
    }
  });

  it("lets every signed-in role read, and nobody else", async () => {
    // (tokens are made fresh in each test: they live 3 s in this file)
    const viewer = await server.tokenFor("VIEWER");
    const read = await gqlAs(viewer, "{ pipelines { totalCount } }");
    expect(read.errors).toBeUndefined();
    expect((read.data?.["pipelines"] as { totalCount: number }).totalCount).toBeGreaterThanOrEqual(5);
    expect((await gqlAs(null, "{ pipelines { totalCount } }")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gqlAs(viewer, "{ users { totalCount } }")).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("access tokens", () => {
  const claims = { email: "admin@localhost", role: "ADMIN" };
  const key = new TextEncoder().encode(SECRET);
  const now = () => Math.floor(Date.now() / 1000);

  it("rejects alg=none, expired, wrong audience, wrong issuer and wrong key", async () => {
    const unsigned = new UnsecuredJWT(claims)
      .setSubject("u1")
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(now() + 600)
      .encode();
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now() - 1000)
      .setExpirationTime(now() - 10)
      .sign(key);
    const wrongAudience = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer(ISSUER)
      .setAudience("someone-else")
      .setIssuedAt()
      .setExpirationTime(now() + 600)
      .sign(key);
    const wrongIssuer = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("evil")
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(now() + 600)
      .sign(key);
    const wrongKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(now() + 600)
      .sign(new TextEncoder().encode("k".repeat(48)));
    const good = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(now() + 600)
      .sign(key);
    for (const [what, token] of Object.entries({ unsigned, expired, wrongAudience, wrongIssuer, wrongKey })) {
      const res = await gqlAs(token, "{ viewer { role } }");
      expect(res.errors?.[0]?.extensions?.code, what).toBe("UNAUTHENTICATED");
    }
    expect((await gqlAs(good, "{ viewer { role via } }")).data).toEqual({ viewer: { role: "ADMIN", via: "jwt" } });
  });
});

describe("sessions", () => {
  const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { role } } }`;
  const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;

  it("answers wrong email and wrong password the same way", async () => {
    await server.app.services.auth.createUser({
      email: "ada@example.com",
      password: "correct horse battery",
      role: "EDITOR",
    });
    const wrongPassword = await gqlAs(null, LOGIN, { e: "ada@example.com", p: "nope" });
    const unknown = await gqlAs(null, LOGIN, { e: "nobody@example.com", p: "nope" });
    expect(wrongPassword.errors?.[0]).toMatchObject({
      message: "wrong email or password",
      extensions: { code: "UNAUTHENTICATED" },
    });
    expect(unknown.errors?.[0]?.message).toBe(wrongPassword.errors?.[0]?.message);
  });

  it("rotates refresh tokens, and a reused one revokes the whole session", async () => {
    const login = (await gqlAs(null, LOGIN, { e: "ada@example.com", p: "correct horse battery" })).data!["login"] as {
      refreshToken: string;
    };
    const first = (await gqlAs(null, REFRESH, { t: login.refreshToken })).data!["refreshSession"] as {
      refreshToken: string;
      accessToken: string;
    };
    expect(first.refreshToken).not.toBe(login.refreshToken);
    const reuse = await gqlAs(null, REFRESH, { t: login.refreshToken });
    expect(reuse.errors?.[0]?.message).toMatch(/already used/);
    // The thief's reuse signed everyone out: the legitimate newest token no longer works either.
    const afterReuse = await gqlAs(null, REFRESH, { t: first.refreshToken });
    expect(afterReuse.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("accepts API tokens for machines until they are revoked", async () => {
    const editor = await server.tokenFor("EDITOR");
    const created = (
      await gqlAs(editor, `mutation { createApiToken(name: "ci", role: VIEWER) { token apiToken { id role } } }`)
    ).data!["createApiToken"] as {
      token: string;
      apiToken: { id: string; role: string };
    };
    expect((await gqlAs(created.token, "{ viewer { role via } }")).data).toEqual({
      viewer: { role: "VIEWER", via: "api-token" },
    });
    const escalate = await gqlAs(editor, `mutation { createApiToken(name: "x", role: ADMIN) { token } }`);
    expect(escalate.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    await gqlAs(editor, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: created.apiToken.id });
    expect((await gqlAs(created.token, "{ viewer { role } }")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("protects the REST routes with the same credentials", async () => {
    const viewer = await server.tokenFor("VIEWER");
    const anonymous = await fetch(`${server.url}/api/datasets?name=x`, { method: "POST", body: "a\n1\n" });
    expect(anonymous.status).toBe(401);
    const forbidden = await fetch(`${server.url}/api/datasets?name=x`, {
      method: "POST",
      headers: { authorization: `Bearer ${viewer}` },
      body: "a\n1\n",
    });
    expect(forbidden.status).toBe(403);
  });
});

describe("WebSocket authentication", () => {
  function connect(params: Record<string, unknown>): Promise<{ code: number; reason: string } | "connected"> {
    return new Promise((resolve) => {
      const client = createClient({
        url: `${server.url.replace("http", "ws")}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: params,
        on: {
          connected: () => resolve("connected"),
          closed: (event) => {
            const e = event as { code: number; reason: string };
            resolve({ code: e.code, reason: e.reason });
          },
        },
        onNonLazyError: () => undefined,
      });
      setTimeout(() => void client.dispose(), 8000);
    });
  }

  it("closes with 4403 without valid credentials in connection_init", async () => {
    expect(await connect({})).toMatchObject({ code: 4403 });
    expect(await connect({ authorization: "Bearer nonsense" })).toMatchObject({ code: 4403 });
    // A fresh token: access tokens live 3 s in this file.
    expect(await connect({ authorization: `Bearer ${await server.tokenFor("VIEWER")}` })).toBe("connected");
  });

  it("closes the connection when its access token expires", async () => {
    const short = await server.tokenFor("VIEWER"); // AUTH_ACCESS_TTL_SECONDS=3 in this file
    const started = Date.now();
    const client = createClient({
      url: `${server.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization: `Bearer ${short}` },
      onNonLazyError: () => undefined,
    });
    const closed = await new Promise<number>((resolve) =>
      client.on("closed", (event) => resolve((event as { code: number }).code)),
    );
    expect(closed).toBe(4403);
    expect(Date.now() - started).toBeLessThan(6000);
    await client.dispose();
  });
});
