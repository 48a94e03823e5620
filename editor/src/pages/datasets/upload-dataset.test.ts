import { describe, expect, it, vi } from "vitest";
import { formatFromFileName, nameFromFileName, uploadDataset, uploadUrl } from "./upload-dataset";

const file = new Blob(["a,b\n1,2\n"], { type: "text/csv" });
const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("dataset uploads", () => {
  it("guesses the format and name from the file name", () => {
    expect(formatFromFileName("Sales.CSV")).toBe("CSV");
    expect(formatFromFileName("events.ndjson")).toBe("JSON");
    expect(formatFromFileName("t.parquet")).toBe("PARQUET");
    expect(formatFromFileName("notes.docx")).toBeNull();
    expect(nameFromFileName("sales 2026.csv")).toBe("sales 2026");
  });

  it("posts the file to the REST route with the session's bearer token", async () => {
    const fetchImpl = vi.fn(() => Promise.resolve(json(201, { dataset: { id: "d1", name: "sales" } })));
    const result = await uploadDataset(
      { file, name: "sales & co", format: "CSV", description: "Q1" },
      { accessToken: () => Promise.resolve("t0") },
      fetchImpl,
    );
    expect(result).toEqual({ ok: true, dataset: { id: "d1", name: "sales" } });
    expect(fetchImpl).toHaveBeenCalledWith("/api/datasets?name=sales+%26+co&format=CSV&description=Q1", {
      method: "POST",
      headers: { "content-type": "application/octet-stream", authorization: "Bearer t0" },
      body: file,
    });
  });

  it("sends no authorization without a token (dev mode) and renews a refused token once", async () => {
    expect(uploadUrl({ name: "x", format: "JSON" }, "http://h")).toBe("http://h/api/datasets?name=x&format=JSON");
    const fetchImpl = vi
      .fn()
      .mockResolvedValueOnce(json(401, { error: { code: "UNAUTHENTICATED", message: "expired" } }))
      .mockResolvedValueOnce(json(201, { dataset: { id: "d2", name: "x" } }));
    const tokenRejected = vi.fn(() => Promise.resolve("t1"));
    const result = await uploadDataset(
      { file, name: "x", format: "CSV" },
      { accessToken: () => Promise.resolve("t0"), tokenRejected },
      fetchImpl,
    );
    expect(result.ok).toBe(true);
    expect(tokenRejected).toHaveBeenCalledWith("t0");
    expect(fetchImpl.mock.calls[1]?.[1]).toMatchObject({ headers: { authorization: "Bearer t1" } });
  });

  it("reports the API's refusal with its field", async () => {
    const fetchImpl = vi.fn(() =>
      Promise.resolve(json(422, { error: { code: "BAD_USER_INPUT", field: "file", message: "file: not a CSV" } })),
    );
    const result = await uploadDataset(
      { file, name: "x", format: "CSV" },
      { accessToken: () => Promise.resolve(null) },
      fetchImpl,
    );
    expect(result).toEqual({
      ok: false,
      status: 422,
      code: "BAD_USER_INPUT",
      field: "file",
      message: "file: not a CSV",
    });
    expect(fetchImpl.mock.calls[0]).toBeDefined();
  });
});
