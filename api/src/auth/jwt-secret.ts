import { randomBytes } from "node:crypto";
import type { MetaStore } from "../store/ports.js";

const KEY = "authJwtSecret";

/**
 * The access-token key outside production when AUTH_JWT_SECRET is unset: generated once and kept in the store,
 * so tokens survive restarts and every process on the same store agrees. (Production must set AUTH_JWT_SECRET.)
 */
export async function storedJwtSecret(meta: MetaStore): Promise<string> {
  const existing = await meta.get(KEY);
  if (existing) return existing;
  await meta.set(KEY, randomBytes(32).toString("base64url"));
  // Read back: when two processes start together, the last write wins and both use it.
  return (await meta.get(KEY)) as string;
}
