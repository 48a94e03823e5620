import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../api/src/common/logger.js";
import { WebhookDispatcher } from "../../api/src/notifications/webhook-dispatcher.js";
import { verifySignature } from "../../api/src/notifications/webhook-signature.js";
import { DEFAULT_HTTP_POLICY } from "../../api/src/steps/impl/http-fetch.js";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, runToEnd } from "../support/runs.js";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: TestServer;
let receiver: Server;
let receiverUrl = "";
const received: Received[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end("busy");
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true", WEBHOOK_BACKOFF_MS: "50" } });
});
afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const CREATE = `mutation($input: WebhookInput!) { createWebhook(input: $input) { secret webhook { id secretHint } } }`;
type Delivery = {
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  event: string;
};

async function deliveriesOf(webhookId: string, settled = true): Promise<Delivery[]> {
  for (let i = 0; i < 100; i++) {
    const res = await server.gql<{ webhookDeliveries: { nodes: Delivery[] } }>(
      `query($w: ID) { webhookDeliveries(webhookId: $w) { nodes { status attempts lastStatusCode lastError event } } }`,
      { w: webhookId },
    );
    const nodes = res.data!.webhookDeliveries.nodes;
    if (nodes.length > 0 && (!settled || nodes.every((d) => d.status !== "PENDING"))) return nodes;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no settled delivery");
}

const quick = (name: string, where = "true") => ({
  name,
  nodes: [
    { id: "gen", kind: "extract_synthetic", config: { rows: 10, seed: 1 } },
    { id: "f", kind: "filter", config: { where } },
  ],
  edges: [{ source: "gen", target: "f" }],
});

describe("webhook notifications", () => {
  it("signs each delivery with HMAC-SHA256 and retries with backoff until the receiver accepts", async () => {
    const pipelineId = await createPipeline(server, quick("Notified"));
    const created = await server.gql<{
      createWebhook: { secret: string; webhook: { id: string; secretHint: string } };
    }>(CREATE, {
      input: { name: "ops", url: `${receiverUrl}/hooks/ops`, pipelineId, events: ["RUN_SUCCEEDED", "RUN_FAILED"] },
    });
    const { secret, webhook } = created.data!.createWebhook;
    expect(webhook.secretHint).toBe(`…${secret.slice(-4)}`);
    failuresLeft = 2;
    received.length = 0;
    const { run } = await runToEnd(server, pipelineId);
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 204, event: "RUN_SUCCEEDED" });
    expect(received).toHaveLength(3);
    const last = received[2]!;
    expect(last.path).toBe("/hooks/ops");
    expect(verifySignature(String(last.headers["x-millrace-signature"]), secret, last.body, new Date())).toBe(true);
    expect(
      verifySignature(String(last.headers["x-millrace-signature"]), "wrong-secret-wrong", last.body, new Date()),
    ).toBe(false);
    expect(verifySignature(String(last.headers["x-millrace-signature"]), secret, `${last.body} `, new Date())).toBe(
      false,
    );
    expect(JSON.parse(last.body)).toMatchObject({
      event: "RUN_SUCCEEDED",
      run: { id: run.id, pipelineId, status: "SUCCEEDED" },
    });
  });

  it("sends a Slack-compatible payload to global webhooks, for the events they listen to", async () => {
    const created = await server.gql<{ createWebhook: { webhook: { id: string } } }>(CREATE, {
      input: { name: "slack", url: `${receiverUrl}/slack`, events: ["RUN_FAILED"], format: "SLACK" },
    });
    const id = created.data!.createWebhook.webhook.id;
    received.length = 0;
    const pipelineId = await createPipeline(server, quick("Fails", "nope > 1"));
    const { run } = await runToEnd(server, pipelineId);
    expect(run.status).toBe("FAILED");
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: "DELIVERED", event: "RUN_FAILED" });
    const slack = received.find((r) => r.path === "/slack")!;
    expect(JSON.parse(slack.body).text).toMatch(/^Run \S+ of \*Fails\* :x: failed in [\d.]+ s\.\n> .*nope/);
  });

  it("refuses a bad configuration by field", async () => {
    const res = await server.gql(CREATE, { input: { url: "ftp://x", events: ["RUN_SUCCEEDED"] } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "url" });
    const short = await server.gql(CREATE, { input: { url: receiverUrl, secret: "short" } });
    expect(short.errors?.[0]?.extensions).toMatchObject({ field: "secret" });
  });

  it("resumes a delivery left pending by a process that died, in exactly one of the processes that sweep", async () => {
    const pipelineId = await createPipeline(server, quick("Orphaned"));
    const { run } = await runToEnd(server, pipelineId);
    // The webhook exists only now, so the run's end sent nothing: the delivery below is all there is.
    const created = await server.gql<{ createWebhook: { webhook: { id: string } } }>(CREATE, {
      input: { name: "late", url: `${receiverUrl}/hooks/late`, pipelineId, events: ["RUN_SUCCEEDED"] },
    });
    const webhookId = created.data!.createWebhook.webhook.id;
    const { stores, bus } = server.app;
    const left = new Date(Date.now() - 10 * 60_000);
    // As a dead process left it: two failed attempts, the third due ten minutes ago.
    await stores.webhookDeliveries.insert({
      id: `orphan-${run.id}`,
      webhookId,
      runId: run.id,
      pipelineId,
      event: "RUN_SUCCEEDED",
      status: "PENDING",
      attempts: 2,
      lastStatusCode: 503,
      lastError: "HTTP 503: busy",
      nextAttemptAt: left,
      deliveredAt: null,
      version: 2,
      createdAt: left,
      updatedAt: left,
    });
    received.length = 0;
    failuresLeft = 0;
    const sweeper = () =>
      new WebhookDispatcher(
        {
          webhooks: stores.webhooks,
          deliveries: stores.webhookDeliveries,
          runs: stores.runs,
          bus,
          clock: { now: () => new Date() },
          logger: createLogger("silent"),
        },
        {
          maxAttempts: 5,
          backoffMs: 50,
          timeoutMs: 5_000,
          policy: { ...DEFAULT_HTTP_POLICY, addressPolicy: () => null },
        },
      );
    const [one, two] = [sweeper(), sweeper()];
    const resumed = await Promise.all([one.resumeOrphans(), two.resumeOrphans()]);
    expect(resumed.sort()).toEqual([0, 1]);
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 204, lastError: null });
    await Promise.all([one.stop(), two.stop()]);
    const sent = received.filter((r) => r.path === "/hooks/late");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers["x-millrace-delivery"]).toBe(`orphan-${run.id}`);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ event: "RUN_SUCCEEDED", run: { id: run.id } });
  });
});

describe("webhooks and private networks", () => {
  it("does not deliver to loopback or private addresses unless allowed", async () => {
    await server.stop();
    server = await startTestServer({ env: { WEBHOOK_BACKOFF_MS: "10" } });
    const created = await server.gql<{ createWebhook: { webhook: { id: string } } }>(CREATE, {
      input: { url: `${receiverUrl}/internal` },
    });
    const id = created.data!.createWebhook.webhook.id;
    received.length = 0;
    await runToEnd(server, await createPipeline(server, quick("Probe")));
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: "FAILED", attempts: 5 });
    expect(delivery!.lastError).toMatch(/not a public address/);
    expect(received.filter((r) => r.path === "/internal")).toEqual([]);
  });
});
