import { strict as assert } from 'assert';
import fc from 'fast-check';
import sinon from 'sinon';
import { assertCanCancel, assertCanEdit, assertCanRecall, Announcement, resolveSchedule } from '../../src/domain/announcements';
import { DomainError } from '../../src/domain/errors';
import { backoffMs, CONVERSATION_WINDOWS } from '../../src/delivery/limits';
import { TenantLimiter } from '../../src/delivery/rate-limit';
import { blocked, emptyWindows, nextAllowedAt, recorded, WindowState } from '../../src/delivery/conversation-windows';
import { RecordBatch } from '../../src/delivery/record-batch';
import type { DeliveryRecord } from '../../src/store/deliveries';
import { classifyError, parseRetryAfter } from '../../src/delivery/sender';

const NOW = new Date('2026-03-20T12:00:00Z');

function announcement(overrides: Partial<Announcement>): Announcement {
  return {
    tenantId: 't',
    announcementId: 'a',
    authorId: 'u',
    title: 'x',
    body: 'y',
    audience: { everyone: true },
    scheduledAt: NOW.toISOString(),
    status: 'scheduled',
    version: 1,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    ...overrides,
  };
}

describe('delivery rules: scheduling', () => {
  it('reads a local time in its IANA zone and stores UTC, across daylight saving', () => {
    assert.equal(resolveSchedule('2026-12-01T09:00', 'Europe/Paris', NOW).dueAt, '2026-12-01T08:00:00.000Z');
    assert.equal(resolveSchedule('2026-07-01T09:00', 'Europe/Paris', NOW).dueAt, '2026-07-01T07:00:00.000Z');
    assert.equal(resolveSchedule('2026-07-01T09:00:30', 'America/New_York', NOW).dueAt, '2026-07-01T13:00:30.000Z');
    assert.equal(resolveSchedule('2026-04-01T09:00', 'Asia/Kolkata', NOW).dueAt, '2026-04-01T03:30:00.000Z');
    // The day Europe springs forward (29 March 2026): 09:00 is already summer time.
    assert.equal(resolveSchedule('2026-03-29T09:00', 'Europe/Paris', NOW).dueAt, '2026-03-29T07:00:00.000Z');
  });

  it('treats a time with an offset as absolute, whatever the zone', () => {
    assert.equal(resolveSchedule('2026-12-01T09:00:00+02:00', 'Asia/Tokyo', NOW).dueAt, '2026-12-01T07:00:00.000Z');
    assert.equal(resolveSchedule('2026-12-01T09:00:00Z', undefined, NOW).dueAt, '2026-12-01T09:00:00.000Z');
  });

  it('sends now, with a note, when the time has passed; now when absent, without a note', () => {
    assert.deepEqual(resolveSchedule('2020-01-01T00:00:00Z', undefined, NOW), { dueAt: NOW.toISOString(), sentNowBecausePast: true });
    assert.deepEqual(resolveSchedule(undefined, undefined, NOW), { dueAt: NOW.toISOString(), sentNowBecausePast: false });
  });

  it('refuses unparseable times and unknown zones with a 400', () => {
    for (const [when, zone] of [['tomorrow', undefined], ['2026-02-30T09:00', 'UTC'], ['2026-13-01T09:00', undefined], ['2026-12-01', undefined], ['2026-12-01T09:00', 'Mars/Olympus']] as const) {
      assert.throws(() => resolveSchedule(when, zone, NOW), (e: unknown) => e instanceof DomainError && e.code === 'bad_request', `${when} ${zone}`);
    }
  });

  it('round-trips any wall time in any zone (property)', () => {
    const zones = ['Europe/Paris', 'America/Los_Angeles', 'Australia/Sydney', 'Asia/Kathmandu', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...zones), (instant, zone) => {
        const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
          .format(new Date(Math.floor(instant / 1000) * 1000))
          .replace(' ', 'T');
        const { dueAt } = resolveSchedule(wall, zone, NOW);
        const back = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
          .format(new Date(dueAt))
          .replace(' ', 'T');
        assert.equal(back, wall);
      }),
      { numRuns: 200 },
    );
  });
});

describe('delivery rules: control', () => {
  const conflict = (e: unknown) => e instanceof DomainError && e.code === 'conflict';
  it('refuses to cancel a finished send and to edit a recalled post', () => {
    assert.throws(() => assertCanCancel(announcement({ status: 'completed' })), conflict);
    assert.throws(() => assertCanCancel(announcement({ status: 'recalled' })), conflict);
    assert.doesNotThrow(() => assertCanCancel(announcement({ status: 'sending' })));
    assert.throws(() => assertCanEdit(announcement({ status: 'recalled' })), conflict);
    assert.throws(() => assertCanEdit(announcement({ status: 'completed', work: { kind: 'recall', jobId: 2, dueAt: '' } })), conflict);
    assert.doesNotThrow(() => assertCanEdit(announcement({ status: 'completed' })));
  });

  it('recalls only what was delivered', () => {
    assert.throws(() => assertCanRecall(announcement({ status: 'scheduled' })), conflict);
    assert.throws(() => assertCanRecall(announcement({ status: 'recalled' })), conflict);
    assert.doesNotThrow(() => assertCanRecall(announcement({ status: 'completed', startedAt: NOW.toISOString() })));
  });
});

describe('delivery rules: rate limiting', () => {
  // Virtual time: the limiter's pacing is asserted to the millisecond, whatever the machine's load.
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: NOW.getTime(), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  /** Advances virtual time a millisecond at a time until `work` settles. */
  async function runUntil<T>(work: Promise<T>, limitMs = 10_000): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let elapsed = 0; !settled && elapsed < limitMs; elapsed++) await clock.tickAsync(1);
    if (!settled) throw new Error(`still waiting after ${limitMs} ms of virtual time`);
    return work;
  }

  it('paces requests at its rate after a burst of 100 ms worth', async () => {
    const limiter = new TenantLimiter(200);
    await clock.tickAsync(1_000); // idle: the bucket fills up to 100 ms worth, 20 requests
    const started = Date.now();
    await runUntil(
      (async () => {
        for (let i = 0; i < 60; i++) (await limiter.take()).settle(false);
      })(),
    );
    const elapsed = Date.now() - started;
    // 60 requests at 200/s: 300 ms less the 20-request burst.
    assert.ok(elapsed >= 195 && elapsed <= 205, `took ${elapsed} ms`);
  });

  it('counts requests in flight against the rate: the next one waits until one is answered or dropped', async () => {
    const limiter = new TenantLimiter(20);
    const permits = await runUntil(
      (async () => {
        const taken = [];
        for (let i = 0; i < 20; i++) taken.push(await limiter.take());
        return taken;
      })(),
    );
    let granted = false;
    const next = limiter.take().then((permit) => {
      granted = true;
      return permit;
    });
    await clock.tickAsync(2_000);
    assert.equal(granted, false, '20 in flight at 20/s: no room, however long it waits');
    const droppedAt = Date.now();
    permits[0].cancel(); // never sent: it cannot have been counted
    (await runUntil(next)).settle(false);
    assert.ok(Date.now() - droppedAt <= 1, 'room as soon as a request is dropped');
    permits.slice(1).forEach((permit) => permit.settle(false));
  });

  it('keeps answered requests in its second: never more than the rate in any second, catching up included', async () => {
    const limiter = new TenantLimiter(5);
    const grants: number[] = [];
    await runUntil(
      (async () => {
        for (let i = 0; i < 11; i++) {
          (await limiter.take()).settle(false);
          grants.push(Date.now());
        }
      })(),
    );
    for (let i = 5; i < grants.length; i++) assert.ok(grants[i] - grants[i - 5] >= 1_000, `#${i} came ${grants[i] - grants[i - 5]} ms after #${i - 5}`);
    assert.ok(grants[10] - grants[0] <= 2_100, `11 requests at 5/s took ${grants[10] - grants[0]} ms`);
  });

  it('counts a slow answer from shortly after its request left once round trips are known, from its answer before', async () => {
    /** Two requests at once, answered after 300 ms; when may a third go? */
    const thirdAfterSlowAnswers = async (limiter: TenantLimiter) => {
      const sentAt = Date.now();
      const permits = await runUntil(Promise.all([limiter.take(), limiter.take()]));
      await clock.tickAsync(300);
      permits.forEach((permit) => permit.settle(false));
      (await runUntil(limiter.take())).settle(false);
      return Date.now() - sentAt;
    };
    const fresh = new TenantLimiter(2);
    const waited = await thirdAfterSlowAnswers(fresh);
    assert.ok(waited >= 1_300, `unknown round trips: a place is held a second from the answer (${waited} ms)`);

    const warm = new TenantLimiter(2);
    for (let second = 0; second < 2; second++) {
      (await runUntil(warm.take())).settle(false); // instant answers: the fastest round trip is known
      await clock.tickAsync(1_000);
    }
    await clock.tickAsync(1_000);
    const waitedWarm = await thirdAfterSlowAnswers(warm);
    assert.ok(waitedWarm >= 1_000 && waitedWarm <= 1_050, `known round trips: a second from about when it left (${waitedWarm} ms)`);
  });

  it('slows down on a sustained share of 429s and recovers when they stop (AIMD)', () => {
    let now = 0;
    const bucket = new TenantLimiter(100, () => now);
    for (let i = 0; i < 300; i++) {
      now += 10;
      bucket.observe(i % 3 === 0);
    }
    // Three seconds with a third throttled: three cuts to 70%, about 34/s.
    assert.ok(bucket.currentRate <= 40, `rate ${bucket.currentRate} after a third of requests throttled`);
    assert.ok(bucket.currentRate >= 5, 'never stops altogether');
    const slowed = bucket.currentRate;
    for (let i = 0; i < 600; i++) {
      now += 10;
      bucket.observe(false);
    }
    assert.ok(bucket.currentRate > slowed, 'climbs back');
    assert.equal(bucket.currentRate, 100, 'up to the configured maximum');
  });

  it('ignores a stray 429 among many successes', () => {
    let now = 0;
    const bucket = new TenantLimiter(100, () => now);
    for (let i = 0; i < 400; i++) {
      now += 10;
      bucket.observe(i % 20 === 0); // 5%
    }
    assert.equal(bucket.currentRate, 100);
  });

  const within = (sent: number[], windowMs: number, limit: number) => {
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((t) => t > sent[i] - windowMs && t <= sent[i]).length;
      assert.ok(inWindow <= limit, `${inWindow} in ${windowMs} ms at #${i}`);
    }
  };

  it('keeps each conversation within 7/1 s, 8/2 s, 60/30 s and 1800/h', () => {
    let state: WindowState = emptyWindows();
    let now = 1_000_000;
    const sent: number[] = [];
    while (sent.length < 200) {
      now = Math.max(now, nextAllowedAt(state, now));
      state = recorded(state, now);
      sent.push(now);
      now += 1;
    }
    for (const { windowMs, limit } of CONVERSATION_WINDOWS) within(sent, windowMs, limit);
    assert.ok(state.sent.length <= 60 && state.minutes.length <= 61, 'the state stays small enough for one document');
    assert.equal(nextAllowedAt(emptyWindows(), now), now, 'a fresh conversation may go at once');
    assert.equal(nextAllowedAt(blocked(emptyWindows(), now + 5_000), now), now + 5_000, 'Retry-After holds the conversation');
  });

  it('holds a conversation to 1,800 an hour, counted by the minute', () => {
    // 1,800 sends spread over the last 59 minutes: the next waits for the oldest minute to leave the hour.
    const now = 100 * 3_600_000;
    const minutes: Array<[number, number]> = Array.from({ length: 60 }, (_, i) => [Math.floor(now / 60_000) - 59 + i, 30]);
    const state: WindowState = { sent: [], minutes, updates: [] };
    const oldest = minutes[0][0];
    assert.equal(nextAllowedAt(state, now), (oldest + 1) * 60_000 + 3_600_000 + 1, 'waits until the whole oldest minute has left the hour');
    assert.equal(nextAllowedAt({ ...state, minutes: minutes.slice(1) }, now), now, '1,770 in the hour: room for more');
  });

  it('keeps card updates to 5 a second per conversation and 1 a second per copy', () => {
    let state: WindowState = emptyWindows();
    let now = 5_000_000;
    const updates: Array<[number, string]> = [];
    for (let i = 0; i < 40; i++) {
      const copy = `copy-${i % 3}`;
      now = Math.max(now, nextAllowedAt(state, now, 'update', copy));
      state = recorded(state, now, 'update', copy);
      updates.push([now, copy]);
    }
    within(updates.map(([t]) => t), 1_000, 5);
    for (const copy of ['copy-0', 'copy-1', 'copy-2']) within(updates.filter(([, c]) => c === copy).map(([t]) => t), 1_000, 1);
    let five = emptyWindows();
    for (let i = 0; i < 5; i++) five = recorded(five, 9_000_000 + i, 'update', `c${i}`);
    assert.ok(nextAllowedAt(five, 9_000_010, 'update', 'c9') > 9_000_010, 'a sixth update waits');
    assert.equal(nextAllowedAt(five, 9_000_010, 'message'), 9_000_010, 'a message still has room (7 a second)');
  });

  it('backs off exponentially with jitter, capped', () => {
    const timings = { retryBaseMs: 100, retryMaxMs: 1_000 };
    assert.equal(backoffMs(1, timings, () => 0), 50);
    assert.equal(backoffMs(3, timings, () => 1), 400);
    assert.equal(backoffMs(10, timings, () => 1), 1_000);
  });
});

describe('delivery rules: batched record writes', () => {
  const record = (seq: number) => ({ tenantId: 't', announcementId: 'a', seq, conversationId: `c${seq}`, state: 'sent', epoch: 1, attempts: 1, updatedAt: '' }) as DeliveryRecord;

  it('writes records that arrive together in one request, and tells each caller how its own went', async () => {
    const requests: number[][] = [];
    const batch = new RecordBatch(async (writes) => {
      requests.push(writes.map((w) => w.record.seq));
      return writes.map((w) => (w.record.seq === 3 ? { status: 'conflict' } : w.record.seq === 5 ? { status: 'failed' } : { status: 'written', etag: `${w.etag}+` }));
    }, { maxBatch: 4, maxWaitMs: 20 });
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((seq) => batch.write({ record: record(seq), etag: `e${seq}` })));
    assert.deepEqual(requests, [[0, 1, 2, 3], [4, 5]], 'full batches at once, the rest after the wait');
    assert.deepEqual(results, [{ status: 'written', etag: 'e0+' }, { status: 'written', etag: 'e1+' }, { status: 'written', etag: 'e2+' }, { status: 'conflict' }, { status: 'written', etag: 'e4+' }, { status: 'failed' }]);
  });

  it('fails every caller of a batch whose request failed', async () => {
    const batch = new RecordBatch(async () => {
      throw new Error('store unavailable');
    }, { maxBatch: 10, maxWaitMs: 5 });
    const results = await Promise.allSettled([batch.write({ record: record(1), etag: 'a' }), batch.write({ record: record(2), etag: 'b' })]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  });
});

describe('delivery rules: Bot Connector errors', () => {
  const withStatus = (status: number, retryAfter?: string) => Object.assign(new Error('x'), { statusCode: status, response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } } });
  it('classifies 429 (with Retry-After), retryable and permanent failures', () => {
    assert.deepEqual([classifyError(withStatus(429, '3')).kind, classifyError(withStatus(429, '3')).retryAfterMs], ['throttled', 3000]);
    assert.equal(classifyError(withStatus(429)).retryAfterMs, undefined);
    for (const status of [412, 500, 502, 503, 504]) assert.equal(classifyError(withStatus(status)).kind, 'transient', String(status));
    assert.equal(classifyError(withStatus(403)).reason, 'forbidden');
    assert.equal(classifyError(withStatus(404)).reason, 'not_found');
    assert.equal(classifyError(withStatus(403)).conversationGone, false, 'a bare 403 may be a blocked tenant: the chat is not forgotten');
    const withBody = (status: number, code: string) => Object.assign(new Error('x'), { statusCode: status, response: { bodyAsText: JSON.stringify({ error: { code, message: 'm' } }) } });
    const removed = classifyError(withBody(403, 'BotNotInConversationRoster'));
    assert.deepEqual([removed.reason, removed.conversationGone], ['not_installed', true]);
    assert.deepEqual([classifyError(withBody(404, 'ConversationNotFound')).reason, classifyError(withBody(404, 'ConversationNotFound')).conversationGone], ['not_found', true]);
    assert.equal(classifyError(withBody(403, 'BotDisabledByAdmin')).conversationGone, false);
    assert.equal(classifyError(withStatus(400)).kind, 'permanent');
    assert.equal(classifyError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind, 'transient');
  });
  it('reads Retry-After as seconds or a date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(parseRetryAfter('soon'), undefined);
  });
});
