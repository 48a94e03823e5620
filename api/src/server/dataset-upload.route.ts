import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import express, { type Request, type Response } from "express";
import { DomainError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import type { FileFormat } from "../data/data-engine.js";
import { UPLOADS_FOLDER } from "../data/run-outputs.js";
import type { DatasetService } from "../datasets/dataset.service.js";

const FORMATS: readonly FileFormat[] = ["CSV", "PARQUET", "JSON"];

class TooLarge extends Error {}

/**
 * `POST /api/datasets?name=…&format=CSV|PARQUET|JSON[&description=…]` with the file as the request body
 * (`curl --data-binary @file.csv`). Streamed to disk with a size cap, checked by the data engine, then recorded.
 * Answers 201 with the dataset, or an error naming the field: 400 bad parameters, 413 too large, 422 unreadable.
 */
export function datasetUploadRouter(
  datasets: DatasetService,
  options: { dataDir: string; maxBytes: number; logger: Logger },
): express.Router {
  const router = express.Router();
  router.post("/api/datasets", (req, res) => {
    upload(req, res, datasets, options).catch((error: unknown) => {
      options.logger.error({ err: error }, "dataset upload failed");
      if (!res.headersSent)
        res.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
    });
  });
  return router;
}

async function upload(
  req: Request,
  res: Response,
  datasets: DatasetService,
  options: { dataDir: string; maxBytes: number },
): Promise<void> {
  const name = typeof req.query["name"] === "string" ? req.query["name"] : "";
  const format = (typeof req.query["format"] === "string" ? req.query["format"] : "CSV").toUpperCase() as FileFormat;
  const description = typeof req.query["description"] === "string" ? req.query["description"] : "";
  if (name.trim() === "") return badRequest(res, 400, "name", "is required (?name=…)");
  if (!FORMATS.includes(format)) return badRequest(res, 400, "format", `must be one of ${FORMATS.join(", ")}`);
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    req.resume();
    return badRequest(res, 413, "file", `is ${declared} bytes; the limit is ${options.maxBytes}`);
  }

  const folder = path.join(options.dataDir, UPLOADS_FOLDER);
  await mkdir(folder, { recursive: true });
  const tempPath = path.join(folder, `.incoming-${newId()}`);
  let received = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > options.maxBytes ? new TooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(req, cap, createWriteStream(tempPath));
  } catch (error) {
    await rm(tempPath, { force: true });
    if (error instanceof TooLarge) {
      res.setHeader("connection", "close");
      return badRequest(res, 413, "file", `is larger than the limit of ${options.maxBytes} bytes`);
    }
    throw error;
  }
  if (received === 0) {
    await rm(tempPath, { force: true });
    return badRequest(res, 400, "file", "is empty (send the file as the request body)");
  }
  try {
    const dataset = await datasets.registerUpload({ tempPath, name, description, format, sizeBytes: received });
    res.status(201).json({ dataset });
  } catch (error) {
    if (error instanceof DomainError) {
      res
        .status(error.code === "BAD_USER_INPUT" ? 422 : 400)
        .json({ error: { code: error.code, message: error.message, ...error.details } });
      return;
    }
    throw error;
  }
}

function badRequest(res: Response, status: number, field: string, message: string): void {
  res.status(status).json({ error: { code: "BAD_USER_INPUT", field, message: `${field}: ${message}` } });
}
