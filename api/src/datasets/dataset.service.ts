import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../common/clock.js";
import { EntityReader } from "../common/entity-reader.js";
import { BadInputError, DomainError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import { DataError, type DataEngine, type FileFormat } from "../data/data-engine.js";
import { runFolder, UPLOADS_FOLDER } from "../data/run-outputs.js";
import type { DatasetFilter, DatasetStore } from "../store/ports.js";
import type { DatasetRecord } from "../store/records.js";

const EXTENSIONS: Record<FileFormat, string> = { CSV: "csv", PARQUET: "parquet", JSON: "json" };

export interface UploadedFile {
  /** The file as received, already on disk inside the data directory (the service moves it in place). */
  tempPath: string;
  name: string;
  description: string;
  format: FileFormat;
  sizeBytes: number;
}

/** Datasets: reads, plus registering an uploaded file after the data engine has read it through once. */
export class DatasetService extends EntityReader<DatasetRecord, DatasetFilter> {
  constructor(
    store: DatasetStore,
    private readonly engine: DataEngine,
    private readonly clock: Clock,
  ) {
    super(store, "Dataset");
  }

  /**
   * Checks the whole file with the data engine (a ragged or badly encoded CSV is refused with its line), then
   * stores it under `uploads/` and records the dataset with its columns and exact row count.
   */
  async registerUpload(upload: UploadedFile): Promise<DatasetRecord> {
    const name = upload.name.trim();
    if (name === "" || name.length > 200) {
      await rm(upload.tempPath, { force: true });
      throw new BadInputError("name", "must be 1 to 200 characters");
    }
    const id = newId();
    const relative = `${UPLOADS_FOLDER}/${id}.${EXTENSIONS[upload.format]}`;
    const finalPath = path.join(this.engine.dataDir, relative);
    const checkRun = `upload-${id}`;
    try {
      await rename(upload.tempPath, finalPath);
      const summary = await this.engine.readFile({
        file: finalPath,
        format: upload.format,
        output: { runId: checkRun, nodeId: "check" },
        displayName: name,
      });
      const now = this.clock.now();
      const record: DatasetRecord = {
        id,
        name,
        description: upload.description,
        format: upload.format,
        path: relative,
        sizeBytes: upload.sizeBytes,
        rowCount: summary.rows,
        columns: summary.columns,
        source: "UPLOAD",
        createdAt: now,
        updatedAt: now,
      };
      await this.store.insert(record);
      return record;
    } catch (error) {
      await rm(finalPath, { force: true });
      await rm(upload.tempPath, { force: true });
      if (error instanceof DataError && (error.code === "BAD_DATA" || error.code === "BAD_SQL")) {
        throw new DomainError("BAD_USER_INPUT", `the file could not be read as ${upload.format}: ${error.message}`, {
          field: "file",
          ...error.location,
        });
      }
      throw error;
    } finally {
      await rm(path.join(this.engine.dataDir, runFolder(checkRun)), { recursive: true, force: true });
    }
  }
}
