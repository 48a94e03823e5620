import { describe, expect, it } from "vitest";
import { encodeTextFrames, PING_FRAME } from "./frames.js";

/** Reads unmasked server frames back (RFC 6455 §5.2): FIN must be set; opcode 1 is text, 9 is ping. */
function parse(buffer: Buffer): Array<{ type: "message" | "ping"; text: string }> {
  const seen: Array<{ type: "message" | "ping"; text: string }> = [];
  let at = 0;
  while (at < buffer.length) {
    const first = buffer.readUInt8(at);
    expect(first & 0x80).toBe(0x80);
    const opcode = first & 0x0f;
    let length = buffer.readUInt8(at + 1);
    at += 2;
    if (length === 126) {
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      length = buffer.readUInt32BE(at) * 2 ** 32 + buffer.readUInt32BE(at + 4);
      at += 8;
    }
    const text = buffer.toString("utf8", at, at + length);
    at += length;
    expect([1, 9]).toContain(opcode);
    seen.push({ type: opcode === 9 ? "ping" : "message", text });
  }
  expect(at).toBe(buffer.length);
  return seen;
}

describe("encodeTextFrames", () => {
  it("encodes heads, heads with bodies, and every length form a client can read back", () => {
    const big = "x".repeat(70_000);
    const mid = "y".repeat(300);
    const heads = [Buffer.from('{"a":1}'), Buffer.from('{"id":"1","type":"next","payload":'), Buffer.from(big)];
    const bodies = [null, Buffer.from(`{"m":"${mid}"}`), null];
    expect(parse(encodeTextFrames(heads, bodies, 3))).toEqual([
      { type: "message", text: '{"a":1}' },
      { type: "message", text: `{"id":"1","type":"next","payload":{"m":"${mid}"}}` },
      { type: "message", text: big },
    ]);
  });

  it("appends a trailer such as a ping after the messages, in the same buffer", () => {
    const out = encodeTextFrames([Buffer.from("hi")], [null], 1, PING_FRAME);
    expect(out.length).toBe(2 + 2 + PING_FRAME.length);
    expect(parse(out)).toEqual([
      { type: "message", text: "hi" },
      { type: "ping", text: "" },
    ]);
  });
});
