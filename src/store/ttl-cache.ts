/**
 * A small in-process cache with a time to live and a size bound, for values that
 * hot paths read on every click but that change rarely (people's roles, whether a
 * post still exists). Each instance keeps its own; staleness is bounded by the TTL.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  /** Bumped by set/delete, so a load that started before them cannot overwrite them. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const generation = this.generations.get(key) ?? 0;
    const value = await load();
    if ((this.generations.get(key) ?? 0) === generation) this.store(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.bump(key);
    this.store(key, value);
  }

  delete(key: string): void {
    this.bump(key);
    this.entries.delete(key);
  }

  /** Forgets every entry (loads in flight then store nothing). */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  private bump(key: string): void {
    if (!this.generations.has(key) && this.generations.size >= this.maxEntries) this.generations.delete(this.generations.keys().next().value as string);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  private store(key: string, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }
}
