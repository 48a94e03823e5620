import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { newId } from "../common/ids.js";

/** `<prefix>_<id>_<secret>`: the id finds the record, the secret's SHA-256 is compared; only the hash is stored. */
export function newOpaqueToken(prefix: string): { id: string; token: string; hash: string } {
  const id = newId();
  const secret = randomBytes(32).toString("base64url");
  return { id, token: `${prefix}_${id}_${secret}`, hash: sha256(secret) };
}

export function parseOpaqueToken(prefix: string, token: string): { id: string; secret: string } | null {
  const match = new RegExp(`^${prefix}_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$`).exec(token);
  return match ? { id: match[1] as string, secret: match[2] as string } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(sha256(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
