/**
 * Connections for queries that group a large input by integer keys of bounded range (QueryOptions.denseGroups).
 *
 * DuckDB groups integer keys whose range (from the column statistics) spans at most 2^perfect_ht_threshold values
 * in an array indexed by the key instead of a hash table. Its default (12 bits: 4,096 values) leaves a key such as
 * an id over a million rows to the hash table: measured on 1M rows, `GROUP BY id` costs 190 ms CPU hashed and 55
 * ms as an array. The setting cannot be raised for everyone: the array is allocated and scanned whole whatever
 * the row count (a 100-row GROUP BY over keys spread across 2^20 values took 20 ms instead of 1.5, and 170 ms
 * with a few more aggregates). And the sandbox locks the configuration, so it cannot be raised per query either.
 * Hence a few connections opened before the lock with the higher threshold as their session setting, lent to the
 * queries that ask for them and returned after their temporary views and tables are dropped. When all are busy a
 * query gets an ordinary connection: same answer, hashed.
 */
import { randomInt } from "node:crypto";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ident } from "../sql.js";

/** Keys spanning up to 2^20 values (1M) are grouped as an array on these connections. */
export const DENSE_GROUP_BITS = 20;
/** Connections kept; the profiler runs at most a few such groupings at once. */
const POOL_SIZE = 4;

/** A temporary object a query created on its connection, dropped before the connection is lent again. */
export interface TempObject {
  kind: "VIEW" | "TABLE";
  name: string;
}

export class DenseGroupConnections {
  private readonly idle: DuckDBConnection[] = [];

  /** Opens the pool; call before the configuration is locked. */
  static async open(instance: DuckDBInstance): Promise<DenseGroupConnections> {
    const pool = new DenseGroupConnections();
    for (let i = 0; i < POOL_SIZE; i++) {
      const connection = await instance.connect();
      await connection.run(`SET perfect_ht_threshold = ${DENSE_GROUP_BITS}`);
      pool.idle.push(connection);
    }
    return pool;
  }

  /** An idle connection, or undefined when all are lent. */
  take(): DuckDBConnection | undefined {
    return this.idle.pop();
  }

  /**
   * Takes back a lent connection once `created` (in creation order) are dropped and its random generator is
   * reseeded; closes it if that fails.
   */
  async give(connection: DuckDBConnection, created: readonly TempObject[]): Promise<void> {
    try {
      for (const { kind, name } of [...created].reverse())
        await connection.run(`DROP ${kind} IF EXISTS temp.main.${ident(name)}`);
      // A custom SQL rule may call setseed(): the next borrower must not inherit that sequence.
      await connection.run(`SELECT setseed(${randomInt(0, 2 ** 30) / 2 ** 30})`);
      this.idle.push(connection);
    } catch {
      connection.closeSync();
    }
  }

  closeAll(): void {
    for (const connection of this.idle.splice(0)) connection.closeSync();
  }
}
