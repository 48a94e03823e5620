import { randomBytes } from "node:crypto";

/** A short, URL-safe, random id (12 base64url characters, 72 bits). */
export function newId(): string {
  return randomBytes(9).toString("base64url");
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` has the shape of an id this system could have issued (or a seeded, readable one). */
export function isWellFormedId(value: string): boolean {
  return ID_PATTERN.test(value);
}
