/**
 * Some log lines can be caused by anyone at any rate (a refused token, an activity from
 * a tenant that is not allowed): written every time, they flood the log and bury what
 * matters. A throttle lets one line per key through per interval and counts the rest,
 * so the next line says how many were left out. Bounded: past `maxKeys` it starts over.
 */
export interface LogThrottleOptions {
  intervalMs: number;
  maxKeys?: number;
  now?: () => number;
}

export class LogThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: LogThrottleOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether to log for `key` now, and how many lines for it were held back since the last one. */
  admit(key: string): { log: boolean; suppressed: number } {
    const now = this.now();
    const entry = this.last.get(key);
    if (entry && now - entry.at < this.options.intervalMs) {
      entry.suppressed += 1;
      return { log: false, suppressed: entry.suppressed };
    }
    if (!entry && this.last.size >= this.maxKeys) this.last.clear();
    this.last.set(key, { at: now, suppressed: 0 });
    return { log: true, suppressed: entry?.suppressed ?? 0 };
  }
}
