import type { FailureReason } from '../domain/announcements';
import type { AdaptiveCard } from '../cards/types';

/** Where one copy goes: the recipient's stored conversation reference. */
export interface DeliveryTarget {
  conversationId: string;
  kind?: 'personal' | 'groupChat' | 'channel';
  serviceUrl?: string;
  reference: Record<string, unknown>;
}

/** A delivered copy, as the Bot Connector identified it. */
export interface DeliveredCopy {
  activityId: string;
  /** The conversation the copy lives in (a channel post is its own thread). */
  conversationId: string;
}

/**
 * What the engine needs from Teams; tests may use a fake, production uses BotDeliverySender.
 * `signal` aborts a call the engine has given up on, so it cannot land after its retry.
 * `onLeaving` is called when the request leaves for the network (signed), where the
 * sender can tell; the rate limiter counts from then.
 */
export interface DeliverySender {
  send(target: DeliveryTarget, card: AdaptiveCard, signal?: AbortSignal, onLeaving?: () => void): Promise<DeliveredCopy>;
  update(target: DeliveryTarget, copy: DeliveredCopy, card: AdaptiveCard, signal?: AbortSignal): Promise<void>;
  delete(target: DeliveryTarget, copy: DeliveredCopy, signal?: AbortSignal): Promise<void>;
}

export type FailureKind = 'throttled' | 'transient' | 'permanent';

/** A failed Bot Connector call, classified for the retry policy. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly status: number | undefined,
    message: string,
    readonly retryAfterMs?: number,
    readonly reason?: FailureReason,
    /** The Bot Connector's own error code, e.g. ConversationNotFound. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }

  /** The platform says the conversation is gone for the bot: later sends need not try it. */
  get conversationGone(): boolean {
    return this.code === 'BotNotInConversationRoster' || this.code === 'ConversationNotFound';
  }
}

/** The `error.code` of a Bot Connector error body, when there is one. */
function connectorCode(error: any): string | undefined {
  try {
    const code = JSON.parse(error?.response?.bodyAsText ?? '')?.error?.code;
    if (typeof code === 'string') return code;
  } catch {
    // not JSON: fall back to what the client library read
  }
  return typeof error?.code === 'string' ? error.code : undefined;
}

function headerOf(error: any, name: string): string | undefined {
  const headers = error?.response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get(name) : headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Retry-After in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET']);

/**
 * Any error from a Bot Connector call → what to do about it. 429 is throttling;
 * 412, 5xx (502, 504 included), timeouts and network errors are worth retrying;
 * 403 (bot removed, blocked) and 404 (conversation or user gone) are permanent; a
 * 403 saying the bot is no longer in the chat reads "not installed".
 */
export function classifyError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as any;
  const status: number | undefined = e?.statusCode ?? e?.status ?? e?.response?.status;
  const message = String(e?.message ?? error).slice(0, 200);
  if (status === 429) return new DeliveryError('throttled', 429, message, parseRetryAfter(headerOf(e, 'retry-after')));
  const code = connectorCode(e);
  // The app was removed from the chat (uninstalled, or the bot taken out of the team).
  if (status === 403 && code === 'BotNotInConversationRoster') return new DeliveryError('permanent', 403, message, undefined, 'not_installed', code);
  if (status === 403) return new DeliveryError('permanent', 403, message, undefined, 'forbidden', code);
  if (status === 404) return new DeliveryError('permanent', 404, message, undefined, 'not_found', code);
  if (status === 412 || status === 408 || (status !== undefined && status >= 500)) return new DeliveryError('transient', status, message);
  if (status !== undefined && status >= 400) return new DeliveryError('permanent', status, message, undefined, 'rejected');
  if (TRANSIENT_CODES.has(e?.code) || /timed? ?out|socket|network|ECONN/i.test(message)) return new DeliveryError('transient', undefined, message);
  return new DeliveryError('transient', undefined, message);
}

/**
 * Runs `work` with a deadline: past `ms` its signal aborts the call and the result
 * is a transient DeliveryError (a timeout, retried).
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DeliveryError('transient', undefined, `no answer from the Bot Connector within ${ms} ms`));
      controller.abort();
    }, ms);
  });
  const call = work(controller.signal);
  call.catch(() => undefined); // settled late, after the deadline answered
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
