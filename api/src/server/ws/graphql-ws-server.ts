import type { IncomingMessage } from "node:http";
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  execute,
  getArgumentValues,
  getVariableValues,
  locatedError,
  subscribe,
  visit,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from "graphql";
import { SlowConsumerError } from "../../common/async-queue.js";
import type { Logger } from "../../common/logger.js";
import type { RunEventFeeds } from "../../runs/run-event-feeds.js";
import type { RunEventSource } from "../../runs/run-event-stream.js";
import { checkAfter } from "../../runs/run.resolver.js";
import { REPLAY_HIGH_WATER_BYTES, Operation, type ConnectionPrincipal, type WsConnection } from "./connection.js";
import { DocumentCache, operationOf, withCode } from "./documents.js";
import { LiveGroups, type GroupOutput } from "./live-groups.js";
import {
  CloseCode,
  ProtocolError,
  ackMessage,
  completeMessage,
  errorMessage,
  nextPrefix,
  parseClientMessage,
  pongMessage,
  type SubscribePayload,
} from "./protocol.js";
import { RunEventsFanout } from "./run-events-fanout.js";

/**
 * The hook authentication plugs into: called once per connection with connection_init's payload and the upgrade
 * request. A principal lets the connection in (its `expiresAt`, if any, closes it then with 4403); null or a
 * rejection closes it with 4403 Forbidden. Absent: every connection is anonymous (principal null).
 */
export type Authenticate<P extends ConnectionPrincipal = ConnectionPrincipal> = (
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  request: IncomingMessage,
) => Promise<P | null>;

export interface GraphQLWsServerOptions {
  schema: GraphQLSchema;
  rules: readonly ValidationRule[];
  production: boolean;
  maxTokens: number;
  /** Operations one connection may have running at once. */
  maxOperations: number;
  /** A fresh request context (DataLoaders) for an operation or a shared group, for this principal. */
  context: (principal: ConnectionPrincipal | null) => unknown;
  formatErrors: (errors: readonly GraphQLError[]) => GraphQLFormattedError[];
  logger: Logger;
  authenticate?: Authenticate | undefined;
  /**
   * Subscribers whose scopes are equal may share one execution of a subscription (the same bytes). Default: all
   * share. Once results depend on who asks, return what they depend on (e.g. the principal's tenant).
   */
  shareScope?: ((principal: ConnectionPrincipal | null) => string) | undefined;
  /** `runEvents` fan-out: replay + shared live feed per run. Absent: runEvents runs per subscriber. */
  runEvents?: { feeds: RunEventFeeds; store: Pick<RunEventSource, "listEvents"> } | undefined;
  /** Root subscription fields that only stream what happens from now on: shared per distinct operation. */
  liveSharedFields: ReadonlySet<string>;
}

const RUN_EVENTS_FIELD = "runEvents";

/**
 * GraphQL over WebSocket (graphql-transport-ws), owned here rather than by graphql-ws so that fan-out does the
 * per-event work once: a `next` frame is a per-subscription prefix + a payload serialised once for every subscriber
 * of the same operation (see RunEventsFanout and LiveGroups). Same documents, rules and error formatting as HTTP.
 */
export class GraphQLWsServer {
  private readonly documents: DocumentCache;
  private readonly output: GroupOutput;
  private readonly liveGroups: LiveGroups;
  private readonly runEvents: RunEventsFanout | null;

  constructor(private readonly options: GraphQLWsServerOptions) {
    this.documents = new DocumentCache(options.schema, options.rules, options.maxTokens);
    this.output = {
      serialise: (result) => Buffer.from(JSON.stringify(this.formatResult(result))),
      complete: (operation) => this.complete(operation),
      fail: (operation, error) => this.fail(operation, error),
    };
    this.liveGroups = new LiveGroups(this.output);
    this.runEvents = options.runEvents
      ? new RunEventsFanout(options.runEvents.feeds, options.runEvents.store, this.output)
      : null;
  }

  /** Shared groups and their members (for tests and figures). */
  stats(): {
    runEvents: { groups: number; members: number; endedReplays: number };
    live: { groups: number; members: number };
  } {
    return {
      runEvents: this.runEvents?.stats() ?? { groups: 0, members: 0, endedReplays: 0 },
      live: this.liveGroups.stats(),
    };
  }

  /** One text message from a client. */
  async message(conn: WsConnection, data: string): Promise<void> {
    let message;
    try {
      message = parseClientMessage(data);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      conn.close(CloseCode.BadRequest, "Invalid message received");
      return;
    }
    switch (message.type) {
      case "connection_init":
        await this.init(conn, message.payload ?? undefined);
        return;
      case "ping":
        conn.sendText(pongMessage(message.payload));
        return;
      case "pong":
        return;
      case "subscribe":
        await this.subscribe(conn, message.id, message.payload);
        return;
      case "complete": {
        const operation = conn.operations.get(message.id);
        conn.operations.delete(message.id);
        operation?.cancel();
        return;
      }
      default:
        conn.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  private async init(conn: WsConnection, params: Record<string, unknown> | undefined): Promise<void> {
    if (conn.initReceived) {
      conn.close(CloseCode.TooManyInitialisationRequests, "Too many initialisation requests");
      return;
    }
    conn.initReceived = true;
    if (conn.initTimer) clearTimeout(conn.initTimer);
    conn.initTimer = null;
    const request = conn.request;
    conn.request = null;
    const authenticate = this.options.authenticate;
    if (authenticate && request) {
      let principal: ConnectionPrincipal | null = null;
      try {
        principal = await authenticate(params, request);
      } catch (error) {
        this.options.logger.warn({ err: error }, "WebSocket authentication failed");
      }
      const expiresAt = principal?.expiresAt?.getTime();
      if (!principal || (expiresAt !== undefined && expiresAt <= Date.now())) {
        conn.close(CloseCode.Forbidden, "Forbidden");
        return;
      }
      conn.principal = principal;
      if (expiresAt !== undefined) armExpiry(conn, expiresAt);
    }
    if (conn.closed) return;
    conn.acknowledged = true;
    conn.sendText(ackMessage());
  }

  private async subscribe(conn: WsConnection, id: string, payload: SubscribePayload): Promise<void> {
    if (!conn.acknowledged) {
      conn.close(CloseCode.Unauthorized, "Unauthorized");
      return;
    }
    if (conn.operations.has(id)) {
      conn.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
      return;
    }
    const operation = new Operation(conn, id, nextPrefix(id));
    conn.operations.set(id, operation);
    try {
      await this.start(conn, operation, payload);
    } catch (error) {
      this.fail(operation, error);
    }
  }

  private async start(conn: WsConnection, operation: Operation, payload: SubscribePayload): Promise<void> {
    if (conn.operations.size > this.options.maxOperations) {
      this.sendErrors(operation, [
        new GraphQLError(`too many operations on this connection (limit ${this.options.maxOperations})`, {
          extensions: { code: "TOO_MANY_SUBSCRIPTIONS" },
        }),
      ]);
      return;
    }
    const prepared = this.documents.get(payload.query);
    if (prepared.errors || !prepared.document) {
      this.sendErrors(operation, prepared.errors ?? []);
      return;
    }
    const document = prepared.document;
    const definition = operationOf(document, payload.operationName);
    if (!definition) {
      this.sendErrors(operation, [new GraphQLError("Unable to identify operation")]);
      return;
    }
    const inputs = payload.variables ?? {};
    const coerced = getVariableValues(this.options.schema, definition.variableDefinitions ?? [], inputs);
    if (coerced.errors) {
      this.result(operation, { errors: coerced.errors.map((e) => withCode(e, "BAD_USER_INPUT")) });
      this.complete(operation);
      return;
    }
    const args: ExecutionArgs = {
      schema: this.options.schema,
      document,
      operationName: payload.operationName ?? null,
      variableValues: inputs,
      contextValue: undefined,
    };
    if (definition.operation !== OperationTypeNode.SUBSCRIPTION) {
      const result = await execute({ ...args, contextValue: this.options.context(conn.principal) });
      this.result(operation, result);
      this.complete(operation);
      return;
    }
    const field = soleField(definition);
    const scope = this.options.shareScope?.(conn.principal) ?? "";
    if (field && field.name.value === RUN_EVENTS_FIELD && this.runEvents) {
      await this.subscribeRunEvents(operation, field, definition, coerced.coerced, { args, scope, payload });
      return;
    }
    if (field && this.options.liveSharedFields.has(field.name.value)) {
      const key = groupKey(scope, payload, inputs);
      this.liveGroups.join(key, () => ({ ...args, contextValue: this.options.context(conn.principal) }), operation);
      return;
    }
    await this.subscribeAlone(operation, { ...args, contextValue: this.options.context(conn.principal) });
  }

  private async subscribeRunEvents(
    operation: Operation,
    field: FieldNode,
    definition: OperationDefinitionNode,
    variables: Record<string, unknown>,
    { args, scope, payload }: { args: ExecutionArgs; scope: string; payload: SubscribePayload },
  ): Promise<void> {
    const fanout = this.runEvents as RunEventsFanout;
    const fieldDef = this.options.schema.getSubscriptionType()?.getFields()[RUN_EVENTS_FIELD];
    const path = { prev: undefined, key: field.alias?.value ?? field.name.value, typename: undefined };
    let runId: string;
    let after: number;
    try {
      if (!fieldDef) throw new Error("the schema has no runEvents subscription");
      const values = getArgumentValues(fieldDef, field, variables);
      runId = String(values["runId"]);
      after = values["after"] as number;
      checkAfter(after);
    } catch (error) {
      this.result(operation, { errors: [locatedError(error, [field], [path.key])] });
      this.complete(operation);
      return;
    }
    // `after` only says where this subscriber starts: subscribers that differ only in it share a group.
    const afterVariable = field.arguments?.find((a) => a.name.value === "after")?.value;
    const inputs = { ...(payload.variables ?? {}) };
    if (afterVariable?.kind === Kind.VARIABLE && usesOfVariable(definition, afterVariable.name.value) === 1) {
      delete inputs[afterVariable.name.value];
    }
    try {
      await fanout.subscribe(
        {
          key: groupKey(scope, payload, inputs),
          runId,
          schema: this.options.schema,
          document: args.document,
          operationName: args.operationName,
          variableValues: args.variableValues ?? undefined,
          contextValue: () => this.options.context(operation.conn.principal),
        },
        after,
        operation,
      );
    } catch (error) {
      if (!operation.active) return;
      this.result(operation, { errors: [locatedError(error, [field], [path.key])] });
      this.complete(operation);
    }
  }

  /** Any other subscription: its own source stream, results sent as they come (waiting while the client lags). */
  private async subscribeAlone(operation: Operation, args: ExecutionArgs): Promise<void> {
    const result = await subscribe(args);
    if (!(Symbol.asyncIterator in result)) {
      this.result(operation, result);
      this.complete(operation);
      return;
    }
    if (!operation.active) {
      void result.return(undefined);
      return;
    }
    operation.onCancel = () => void result.return(undefined);
    try {
      for await (const next of result) {
        if (operation.cancelled) break;
        this.result(operation, next);
        if (operation.conn.buffered > REPLAY_HIGH_WATER_BYTES) await operation.conn.whenWritable();
      }
      this.complete(operation);
    } catch (error) {
      this.fail(operation, error);
    }
  }

  private result(operation: Operation, result: ExecutionResult): void {
    if (!operation.active) return;
    operation.deliver(this.output.serialise(result));
  }

  /** Sends `complete` unless the client completed the operation itself. */
  private complete(operation: Operation): void {
    const conn = operation.conn;
    if (conn.operations.get(operation.id) !== operation) return;
    conn.operations.delete(operation.id);
    if (!operation.cancelled) conn.sendText(completeMessage(operation.id));
    operation.cancelled = true;
  }

  private sendErrors(operation: Operation, errors: readonly GraphQLError[]): void {
    const conn = operation.conn;
    if (conn.operations.get(operation.id) !== operation) return;
    conn.operations.delete(operation.id);
    operation.cancel();
    conn.sendText(errorMessage(operation.id, this.options.formatErrors(errors)));
  }

  /** A stream that failed: an `error` message; a subscriber that fell too far behind is disconnected as a whole. */
  private fail(operation: Operation, error: unknown): void {
    const original = error instanceof Error ? error : new Error(String(error));
    if (original instanceof SlowConsumerError) {
      operation.conn.terminate("disconnecting a WebSocket client that fell too far behind");
      return;
    }
    const graphqlError =
      original instanceof GraphQLError ? original : new GraphQLError(original.message, { originalError: original });
    this.sendErrors(operation, [graphqlError]);
  }

  private formatResult(result: ExecutionResult): unknown {
    if (!result.errors) return result;
    return { ...result, data: result.data ?? null, errors: this.options.formatErrors(result.errors) };
  }
}

/** The one root field of a subscription without fragments or directives, else null (then it is not shared). */
function soleField(definition: OperationDefinitionNode): FieldNode | null {
  const selections = definition.selectionSet.selections;
  if (selections.length !== 1) return null;
  const selection = selections[0];
  if (selection?.kind !== Kind.FIELD || (selection.directives?.length ?? 0) > 0) return null;
  return selection;
}

function usesOfVariable(definition: OperationDefinitionNode, name: string): number {
  let uses = 0;
  visit(definition.selectionSet, {
    Variable(node) {
      if (node.name.value === name) uses++;
    },
  });
  return uses;
}

function groupKey(scope: string, payload: SubscribePayload, variables: Record<string, unknown>): string {
  return `${scope}\u0000${payload.operationName ?? ""}\u0000${JSON.stringify(variables)}\u0000${payload.query}`;
}

/** Closes the connection when its credential expires (timers re-armed past setTimeout's 24.8-day limit). */
function armExpiry(conn: WsConnection, expiresAt: number): void {
  const wait = Math.min(expiresAt - Date.now(), 2 ** 31 - 1);
  conn.expiryTimer = setTimeout(() => {
    if (Date.now() >= expiresAt) conn.close(CloseCode.Forbidden, "Authentication expired");
    else armExpiry(conn, expiresAt);
  }, wait);
  conn.expiryTimer.unref();
}
