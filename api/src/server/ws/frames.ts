/**
 * WebSocket text frames, server to client (RFC 6455: FIN, opcode 1, unmasked), several encoded into one buffer so
 * that a connection's pending messages cost one socket write. A message is `head` followed by `body` and `}` when
 * there is a body (a `next` message: a per-subscription prefix + a payload serialised once for all), else `head`.
 */

const CLOSE_BRACE = 0x7d;

export function frameHeaderLength(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

/** A ping with no payload (FIN, opcode 9, unmasked). */
export const PING_FRAME: Buffer = Buffer.from([0x89, 0x00]);

/**
 * One buffer holding `count` text frames: message i is heads[i] (+ bodies[i] + "}" when bodies[i] is set), then
 * `trailer` (already encoded frames, e.g. a ping) when given.
 */
export function encodeTextFrames(
  heads: readonly Buffer[],
  bodies: readonly (Buffer | null)[],
  count: number,
  trailer: Buffer | null = null,
): Buffer {
  let total = trailer ? trailer.length : 0;
  for (let i = 0; i < count; i++) {
    const body = bodies[i];
    const length = (heads[i] as Buffer).length + (body ? body.length + 1 : 0);
    total += frameHeaderLength(length) + length;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const head = heads[i] as Buffer;
    const body = bodies[i];
    const length = head.length + (body ? body.length + 1 : 0);
    out[at++] = 0x81;
    if (length < 126) {
      out[at++] = length;
    } else if (length < 65536) {
      out[at++] = 126;
      out.writeUInt16BE(length, at);
      at += 2;
    } else {
      out[at++] = 127;
      out.writeUInt32BE(Math.floor(length / 2 ** 32), at);
      out.writeUInt32BE(length >>> 0, at + 4);
      at += 8;
    }
    at += head.copy(out, at);
    if (body) {
      at += body.copy(out, at);
      out[at++] = CLOSE_BRACE;
    }
  }
  if (trailer) trailer.copy(out, at);
  return out;
}
