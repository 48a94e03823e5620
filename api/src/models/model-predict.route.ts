/**
 * REST prediction: `POST /api/models/:name/:ref/predict` with `{"rows": [{...}, ...]}`, where `ref` is a version
 * number, an alias (champion…) or `latest`. Answers the version used, the class labels and, per row, the label
 * with its class probabilities. Bad rows get 400 naming the row and field; unknown models or aliases 404.
 */
import express, { type Request, type Response } from "express";
import { DomainError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import type { ModelRegistryService } from "./model-registry.service.js";
import type { PredictionService } from "./prediction.service.js";

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 422,
  CONFLICT: 409,
  FORBIDDEN: 403,
};

export function modelPredictRouter(deps: {
  models: ModelRegistryService;
  predictions: PredictionService;
  logger: Logger;
}): express.Router {
  const router = express.Router();
  router.post("/api/models/:name/:ref/predict", express.json({ limit: "10mb" }), (req: Request, res: Response) => {
    predict(req, res, deps).catch((error: unknown) => {
      deps.logger.error({ err: error }, "prediction request failed");
      if (!res.headersSent)
        res.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
    });
  });
  // A body that is not JSON gets the same error shape as everything else.
  router.use("/api/models", (error: unknown, _req: Request, res: Response, next: (e?: unknown) => void) => {
    if (error instanceof SyntaxError || (error as { type?: string }).type === "entity.too.large") {
      const tooLarge = (error as { type?: string }).type === "entity.too.large";
      res.status(tooLarge ? 413 : 400).json({
        error: {
          code: "BAD_USER_INPUT",
          field: "body",
          message: tooLarge ? "body: too large" : "body: not valid JSON",
        },
      });
      return;
    }
    next(error);
  });
  return router;
}

async function predict(
  req: Request,
  res: Response,
  deps: { models: ModelRegistryService; predictions: PredictionService },
): Promise<void> {
  const name = String(req.params["name"] ?? "");
  const ref = String(req.params["ref"] ?? "");
  const body: unknown = req.body;
  const rows =
    body !== null && typeof body === "object" && !Array.isArray(body) ? (body as { rows?: unknown }).rows : undefined;
  if (!Array.isArray(rows)) {
    res.status(400).json({
      error: { code: "BAD_USER_INPUT", field: "rows", message: 'rows: send {"rows": [{column: value, ...}, ...]}' },
    });
    return;
  }
  try {
    const reference = /^[1-9][0-9]*$/.test(ref) || ref === "latest" ? `${name}/${ref}` : `${name}@${ref}`;
    const result = await deps.predictions.predict(reference, rows);
    const { model } = result;
    res.json({
      model: {
        id: model.id,
        name: model.name,
        version: model.version,
        algorithm: model.algorithm,
        aliases: model.aliases,
      },
      classLabels: result.classLabels,
      predictions: result.predictions.map((p) => ({
        label: p.label,
        probabilities: Object.fromEntries(result.classLabels.map((label, k) => [label, p.probabilities[k] ?? 0])),
      })),
    });
  } catch (error) {
    if (error instanceof DomainError) {
      res
        .status(STATUS[error.code] ?? 400)
        .json({ error: { code: error.code, message: error.message, ...error.details } });
      return;
    }
    throw error;
  }
}
