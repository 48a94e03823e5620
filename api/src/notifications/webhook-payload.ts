import type { RunRecord, WebhookEvent, WebhookRecord } from "../store/records.js";

/** The body sent for one run's end: Millrace's JSON, or a Slack-compatible `{text}`. */
export function webhookBody(webhook: WebhookRecord, deliveryId: string, event: WebhookEvent, run: RunRecord): string {
  if (webhook.format === "SLACK") return JSON.stringify({ text: slackText(event, run) });
  return JSON.stringify({
    id: deliveryId,
    event,
    occurredAt: (run.finishedAt ?? run.createdAt).toISOString(),
    run: {
      id: run.id,
      pipelineId: run.pipelineId,
      pipelineName: run.pipelineName,
      pipelineVersion: run.pipelineVersion,
      status: run.status,
      trigger: run.trigger,
      error: run.error,
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      durationMs: run.durationMs,
      steps: run.steps.map((s) => ({
        nodeId: s.nodeId,
        status: s.status,
        rowsOut: s.rowsOut,
        durationMs: s.durationMs,
        error: s.error,
      })),
    },
  });
}

function slackText(event: WebhookEvent, run: RunRecord): string {
  const verb =
    event === "RUN_SUCCEEDED"
      ? ":white_check_mark: succeeded"
      : event === "RUN_FAILED"
        ? ":x: failed"
        : ":no_entry_sign: was cancelled";
  const took = run.durationMs === null ? "" : ` in ${(run.durationMs / 1000).toFixed(1)} s`;
  const why = run.error ? `\n> ${run.error}` : "";
  return `Run ${run.id} of *${run.pipelineName}* ${verb}${took}.${why}`;
}
