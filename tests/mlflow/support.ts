/** A small MLflow REST client for the tests: JSON in, status and JSON out, with the server's auth header. */
import type { TestServer } from "../support/millrace.js";

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export function mlflowClient(server: TestServer, token?: string | null) {
  const headers = (): Record<string, string> =>
    token === null ? {} : { authorization: token === undefined ? server.auth.authorization : `Bearer ${token}` };
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: Record<string, unknown>,
  ): Promise<Reply<T>> => {
    let url = `${server.url}/api/2.0/mlflow/${path}`;
    const init: RequestInit = { method, headers: headers() };
    if (method === "GET" && body) {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(body))
        for (const item of Array.isArray(v) ? (v as unknown[]) : [v]) query.append(k, String(item));
      url += `?${query.toString()}`;
    } else if (body) {
      init.headers = { ...headers(), "content-type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, body: (text === "" ? {} : JSON.parse(text)) as T };
  };
  return {
    get: <T = Record<string, unknown>>(path: string, query?: Record<string, unknown>) => call<T>("GET", path, query),
    post: <T = Record<string, unknown>>(path: string, body: Record<string, unknown>) => call<T>("POST", path, body),
    patch: <T = Record<string, unknown>>(path: string, body: Record<string, unknown>) => call<T>("PATCH", path, body),
    delete: <T = Record<string, unknown>>(path: string, body: Record<string, unknown>) => call<T>("DELETE", path, body),
    artifact: (method: "GET" | "PUT" | "DELETE", path: string, body?: string) =>
      fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts${path}`, {
        method,
        headers: headers(),
        ...(body !== undefined ? { body } : {}),
      }),
  };
}

export type MlflowClient = ReturnType<typeof mlflowClient>;

/** The error an MLflow call answered: status and error_code. */
export function errorOf(reply: Reply): [number, unknown] {
  return [reply.status, reply.body["error_code"]];
}
