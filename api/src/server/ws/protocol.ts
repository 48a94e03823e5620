/**
 * The graphql-transport-ws protocol (what the `graphql-ws` client speaks), server side: message shapes, checks and
 * close codes, as the protocol document and graphql-ws's reference server define them.
 */

export const GRAPHQL_TRANSPORT_WS_PROTOCOL = "graphql-transport-ws";

export const CloseCode = {
  InternalServerError: 4500,
  BadRequest: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  SubprotocolNotAcceptable: 4406,
  ConnectionInitialisationTimeout: 4408,
  SubscriberAlreadyExists: 4409,
  TooManyInitialisationRequests: 4429,
} as const;

export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

export type ClientMessage =
  | { type: "connection_init"; payload?: Record<string, unknown> | null }
  | { type: "ping"; payload?: Record<string, unknown> | null }
  | { type: "pong"; payload?: Record<string, unknown> | null }
  | { type: "subscribe"; id: string; payload: SubscribePayload }
  | { type: "complete"; id: string }
  /** Valid protocol messages a server never accepts from a client. */
  | { type: "connection_ack" | "next" | "error"; id?: string };

export class ProtocolError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const optionalObject = (value: unknown): boolean => value === undefined || value === null || isObject(value);

/** Parses and checks one text message; throws ProtocolError for anything the protocol does not allow. */
export function parseClientMessage(data: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new ProtocolError("message is not JSON");
  }
  if (!isObject(value) || typeof value["type"] !== "string" || value["type"] === "")
    throw new ProtocolError("message needs a string 'type'");
  const type = value["type"];
  switch (type) {
    case "connection_init":
    case "connection_ack":
    case "ping":
    case "pong":
      if (!optionalObject(value["payload"])) throw new ProtocolError(`"${type}" payload must be an object`);
      return value as ClientMessage;
    case "subscribe": {
      const payload = value["payload"];
      if (typeof value["id"] !== "string" || value["id"] === "") throw new ProtocolError("subscribe needs an id");
      if (!isObject(payload) || typeof payload["query"] !== "string")
        throw new ProtocolError("subscribe needs a payload with a string query");
      if (!optionalObject(payload["variables"]) || !optionalObject(payload["extensions"]))
        throw new ProtocolError("subscribe variables and extensions must be objects");
      const operationName = payload["operationName"];
      if (operationName !== undefined && operationName !== null && typeof operationName !== "string")
        throw new ProtocolError("subscribe operationName must be a string");
      return value as ClientMessage;
    }
    case "next":
    case "error":
    case "complete":
      if (typeof value["id"] !== "string" || value["id"] === "") throw new ProtocolError(`"${type}" needs an id`);
      return value as ClientMessage;
    default:
      throw new ProtocolError(`invalid message type "${type}"`);
  }
}

/** `{"id":…,"type":"next","payload":` — a `next` message is this, the payload's JSON, then `}`. */
export function nextPrefix(id: string): Buffer {
  return Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
}

export function completeMessage(id: string): string {
  return `{"id":${JSON.stringify(id)},"type":"complete"}`;
}

export function errorMessage(id: string, errors: readonly unknown[]): string {
  return JSON.stringify({ id, type: "error", payload: errors });
}

export function ackMessage(): string {
  return `{"type":"connection_ack"}`;
}

export function pongMessage(payload: Record<string, unknown> | null | undefined): string {
  return payload ? JSON.stringify({ type: "pong", payload }) : `{"type":"pong"}`;
}

/** Close reasons are limited to 123 bytes by WebSocket. */
export function closeReason(reason: string): string {
  return Buffer.byteLength(reason) < 124 ? reason : reason.slice(0, 60);
}
