/**
 * Dataset uploads through the REST route (`POST /api/datasets?name=…&format=…`, the file as the body), with the
 * same bearer token the GraphQL client sends: asked for before the request, renewed once if the API refuses it.
 */

export type UploadFormat = "CSV" | "PARQUET" | "JSON";

export interface UploadRequest {
  file: Blob;
  name: string;
  format: UploadFormat;
  description?: string;
}

/** Where the token comes from: the session (`useSession()`), so uploads authenticate like every other request. */
export interface UploadAuth {
  /** The bearer token for the next request; null sends none (signed out, or the API's dev mode). */
  accessToken: () => Promise<string | null>;
  /** The API refused `token`: a renewed one, or null when there is none. */
  tokenRejected?: (token: string | null) => Promise<string | null>;
}

export type UploadResult =
  | { ok: true; dataset: { id: string; name: string } }
  | { ok: false; status: number; code: string | null; field: string | null; message: string };

/** The format a file name suggests, or null. */
export function formatFromFileName(fileName: string): UploadFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt")) return "CSV";
  if (lower.endsWith(".parquet")) return "PARQUET";
  if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "JSON";
  return null;
}

/** A dataset name from a file name: "sales 2026.csv" → "sales 2026". */
export function nameFromFileName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, "").trim();
}

export function uploadUrl(request: Omit<UploadRequest, "file">, base = ""): string {
  const params = new URLSearchParams({ name: request.name, format: request.format });
  if (request.description !== undefined && request.description !== "") params.set("description", request.description);
  return `${base}/api/datasets?${params.toString()}`;
}

async function readError(response: Response): Promise<UploadResult> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy's page, say
  }
  const error =
    body !== null &&
    typeof body === "object" &&
    "error" in body &&
    typeof body.error === "object" &&
    body.error !== null
      ? (body.error as Record<string, unknown>)
      : {};
  return {
    ok: false,
    status: response.status,
    code: typeof error["code"] === "string" ? error["code"] : null,
    field: typeof error["field"] === "string" ? error["field"] : null,
    message: typeof error["message"] === "string" ? error["message"] : `The API answered HTTP ${response.status}.`,
  };
}

/** Uploads a file as a new dataset; a refused token is renewed once and the upload retried. */
export async function uploadDataset(
  request: UploadRequest,
  auth: UploadAuth,
  fetchImpl: typeof fetch = fetch,
  base = "",
): Promise<UploadResult> {
  const send = (token: string | null): Promise<Response> =>
    fetchImpl(uploadUrl(request, base), {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      },
      body: request.file,
    });
  let token = await auth.accessToken();
  let response = await send(token);
  if (response.status === 401 && auth.tokenRejected !== undefined) {
    const renewed = await auth.tokenRejected(token);
    if (renewed !== null && renewed !== token) {
      token = renewed;
      response = await send(token);
    }
  }
  if (response.status !== 201) return readError(response);
  const body = (await response.json()) as { dataset?: { id?: unknown; name?: unknown } };
  const id = body.dataset?.id;
  const name = body.dataset?.name;
  if (typeof id !== "string")
    return {
      ok: false,
      status: response.status,
      code: null,
      field: null,
      message: "The API answered without a dataset.",
    };
  return { ok: true, dataset: { id, name: typeof name === "string" ? name : request.name } };
}
