import { randomUUID } from 'crypto';
import { COUNT_NAMES, DayCounters, personEntry } from '../src/domain/analytics';
import { COUNTER_SHARDS } from '../src/store/activity-counters';
import { stableHash } from '../src/store/documents';

export interface SeededDays {
  people: number;
  active: number;
  posts: number;
  userId(n: number): string;
  departmentOf(n: number): string;
}

/** One day's counter shards, as ActivityCounters.record() would have left them after that day's events (for the benches). */
export function seededDayShards(seed: SeededDays, day: string, dayIndex: number): Array<Omit<DayCounters, 'day'>> {
  const shards = Array.from({ length: COUNTER_SHARDS }, () => ({ counts: Object.fromEntries(COUNT_NAMES.map((n) => [n, 0])) as DayCounters['counts'], people: [] as DayCounters['people'], posts: {} as Record<string, number>, announcements: {} as Record<string, number> }));
  const postIds = Array.from({ length: seed.posts }, () => randomUUID());
  for (let i = 0; i < seed.active; i++) {
    const person = (dayIndex * 7919 + i * 13) % seed.people;
    const shard = shards[stableHash(seed.userId(person)) % COUNTER_SHARDS];
    shard.people.push(personEntry(seed.userId(person), seed.departmentOf(person), dayIndex === 0));
    shard.counts.reactions += 2;
    shard.counts.comments += i % 3 === 0 ? 1 : 0;
    const postId = postIds[i % seed.posts];
    shard.posts[`${postId}|r`] = (shard.posts[`${postId}|r`] ?? 0) + 2;
    if (i % 3 === 0) shard.posts[`${postId}|c`] = (shard.posts[`${postId}|c`] ?? 0) + 1;
  }
  shards.forEach((shard, n) => {
    shard.counts.posts = Math.round(seed.posts / COUNTER_SHARDS);
    shard.counts.acknowledgements = 100;
    shard.counts.delivered = Math.round(seed.people / COUNTER_SHARDS);
    shard.announcements[`ann-${day}|d`] = Math.round(seed.people / COUNTER_SHARDS);
    shard.announcements[`ann-${day}|a`] = 100 + n;
  });
  return shards;
}
