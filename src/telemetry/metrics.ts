import { metrics, trace } from '@opentelemetry/api';

/**
 * The numbers operators watch, as OpenTelemetry instruments. Without a meter provider
 * (local mode, tests, or no APPLICATIONINSIGHTS_CONNECTION_STRING) the API hands out
 * no-op instruments, so the call sites cost nothing and send nothing. Attributes are
 * low-cardinality labels only: never ids, names, tokens or message text.
 */
const meter = metrics.getMeter('commons');

const deliveries = meter.createCounter('commons.deliveries', {
  description: 'Announcement recipients finished, by outcome (sent, failed, skipped) and failure reason',
});
const outboundCalls = meter.createCounter('commons.outbound.calls', {
  description: 'Proactive Bot Connector calls (message, update = card update, delete), by result',
});
const throttled = meter.createCounter('commons.outbound.throttled', {
  description: '429 answers from the Bot Connector, by call kind',
});
const botHandlerDuration = meter.createHistogram('commons.bot.handler.duration', {
  description: 'Time to answer a bot invoke or message route (reactions are route "react")',
  unit: 'ms',
});

export type DeliveryOutcomeLabel = 'sent' | 'failed' | 'skipped';

export function countDelivery(outcome: DeliveryOutcomeLabel, reason?: string): void {
  deliveries.add(1, reason ? { outcome, reason } : { outcome });
}

export function countOutboundCall(kind: string, result: 'ok' | 'throttled' | 'failed'): void {
  outboundCalls.add(1, { kind, result });
  if (result === 'throttled') throttled.add(1, { kind });
}

export function recordBotHandler(kind: string, route: string, ms: number): void {
  botHandlerDuration.record(ms, { kind, route });
}

/**
 * Puts restify's request id on the request's span, so a line in the logs (reqId) and
 * the request in Application Insights can be found from one another.
 */
export function tagRequestId(requestId: string): void {
  trace.getActiveSpan()?.setAttribute('commons.request_id', requestId);
}
