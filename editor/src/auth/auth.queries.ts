import { graphql } from "../graphql/generated";

// Sent by the session's own fetch transport (not Apollo): they run before there is a token, and an UNAUTHENTICATED
// answer to them means wrong credentials, never "refresh and retry".

export const SessionUserFields = graphql(`
  fragment SessionUserFields on AuthSession {
    accessToken
    accessTokenExpiresAt
    refreshToken
    user {
      id
      email
      name
      role
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      ...SessionUserFields
    }
  }
`);

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...SessionUserFields
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

/** Asked without a token: answers only in single-user dev mode (AUTH_MODE=off), where `via` is "dev". */
export const AnonymousViewerQuery = graphql(`
  query AnonymousViewer {
    viewer {
      userId
      email
      role
      via
    }
  }
`);
