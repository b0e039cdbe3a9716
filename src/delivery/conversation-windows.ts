import { CARD_UPDATE_MIN_INTERVAL_MS, CARD_UPDATES_PER_CONVERSATION_PER_SECOND, CONVERSATION_WINDOWS } from './limits';

/** What a proactive call does to a conversation: Teams counts all of them, and card updates have limits of their own. */
export type OutboundKind = 'message' | 'update' | 'delete';

/**
 * One conversation's recent sends, small enough to live in one stored document:
 * exact times for the short windows (at most 60 in 30 s), counts per minute for the
 * hour (at most 61 buckets), card updates of the last second with the copy each
 * replaced, and a hold a 429's Retry-After put on the conversation.
 */
export interface WindowState {
  /** Send times (ms) within the longest short window, oldest first. */
  sent: number[];
  /** [minute (ms / 60 000), sends in it] for the last hour, oldest first. */
  minutes: Array<[number, number]>;
  /** [time, copy id] of card updates within the last second (plus margin). */
  updates: Array<[number, string]>;
  blockedUntil?: number;
}

/**
 * Times are counted over each window plus this margin: the call leaves a moment
 * after its slot is taken, and Teams counts arrivals, which the network spreads further.
 */
export const WINDOW_MARGIN_MS = 100;
const MINUTE_MS = 60_000;
const HOUR = CONVERSATION_WINDOWS[CONVERSATION_WINDOWS.length - 1];
const SHORT = CONVERSATION_WINDOWS.slice(0, -1);
const LONGEST_SHORT_MS = Math.max(...SHORT.map((w) => w.windowMs)) + WINDOW_MARGIN_MS;
const UPDATE_WINDOW_MS = 1_000 + WINDOW_MARGIN_MS;

export const emptyWindows = (): WindowState => ({ sent: [], minutes: [], updates: [] });

/** The nth-from-last time a window holds, when it holds `limit` or more: the next call waits for it to leave. */
function waitFor(times: number[], now: number, windowMs: number, limit: number): number {
  const inWindow = times.filter((t) => t > now - windowMs);
  return inWindow.length >= limit ? inWindow[inWindow.length - limit] + windowMs + 1 : now;
}

/**
 * The earliest time (ms) a call of `kind` may go into the conversation: Teams'
 * per-bot windows (7/1 s, 8/2 s, 60/30 s, 1,800/h), and for a card update at most
 * 5 a second into the conversation and 1 a second per copy; a Retry-After hold.
 */
export function nextAllowedAt(state: WindowState, now: number, kind: OutboundKind = 'message', copyId?: string): number {
  let at = Math.max(now, state.blockedUntil ?? 0);
  for (const { windowMs, limit } of SHORT) at = Math.max(at, waitFor(state.sent, now, windowMs + WINDOW_MARGIN_MS, limit));
  // The hour by whole minutes, counting a minute that only partly overlaps it in full.
  let inHour = 0;
  for (const [minute, count] of state.minutes) if ((minute + 1) * MINUTE_MS > now - HOUR.windowMs) inHour += count;
  if (inHour >= HOUR.limit) {
    let freed = 0;
    for (const [minute, count] of state.minutes) {
      if ((minute + 1) * MINUTE_MS <= now - HOUR.windowMs) continue;
      freed += count;
      if (inHour - freed < HOUR.limit) {
        at = Math.max(at, (minute + 1) * MINUTE_MS + HOUR.windowMs + 1);
        break;
      }
    }
  }
  if (kind === 'update') {
    const times = state.updates.map(([t]) => t);
    at = Math.max(at, waitFor(times, now, UPDATE_WINDOW_MS, CARD_UPDATES_PER_CONVERSATION_PER_SECOND));
    const lastOfCopy = state.updates.filter(([, id]) => id === copyId).pop();
    if (copyId !== undefined && lastOfCopy) at = Math.max(at, lastOfCopy[0] + CARD_UPDATE_MIN_INTERVAL_MS + 1);
  }
  return at;
}

/** The state with one more call at `now` (and what has left every window dropped). */
export function recorded(state: WindowState, now: number, kind: OutboundKind = 'message', copyId?: string): WindowState {
  const sent = [...state.sent.filter((t) => t > now - LONGEST_SHORT_MS), now];
  const minute = Math.floor(now / MINUTE_MS);
  const minutes = state.minutes.filter(([m]) => (m + 1) * MINUTE_MS > now - HOUR.windowMs - MINUTE_MS).map(([m, c]): [number, number] => [m, c]);
  const last = minutes[minutes.length - 1];
  if (last?.[0] === minute) last[1] += 1;
  else minutes.push([minute, 1]);
  const updates = state.updates.filter(([t]) => t > now - Math.max(UPDATE_WINDOW_MS, CARD_UPDATE_MIN_INTERVAL_MS + 1));
  if (kind === 'update') updates.push([now, copyId ?? '']);
  const blockedUntil = state.blockedUntil !== undefined && state.blockedUntil > now ? state.blockedUntil : undefined;
  return { sent, minutes, updates, ...(blockedUntil !== undefined && { blockedUntil }) };
}

/** A 429 with Retry-After for one conversation holds that conversation only, until `until`. */
export function blocked(state: WindowState, until: number): WindowState {
  return { ...state, blockedUntil: Math.max(until, state.blockedUntil ?? 0) };
}
