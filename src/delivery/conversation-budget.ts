import { threadOf } from '../domain/conversations';
import type { BudgetDocument } from '../store/outbound-budgets';
import { blocked, emptyWindows, nextAllowedAt, OutboundKind, recorded, WindowState } from './conversation-windows';

export interface BudgetStore {
  read<S>(tenantId: string, conversationId: string): Promise<BudgetDocument<S> | undefined>;
  write<S>(tenantId: string, conversationId: string, windows: S, etag: string | undefined): Promise<BudgetDocument<S> | undefined>;
}

/** A copy of a post in a channel lives in its thread; Teams counts the channel. */
const conversationOf = (conversationId: string) => threadOf(conversationId).conversationId;

const MAX_WRITE_ATTEMPTS = 10;
/** Conversations whose last known state is kept, saving the read before the next write. */
const KNOWN_CONVERSATIONS = 5_000;

interface Known {
  windows: WindowState;
  etag?: string;
}

/**
 * Teams' per-conversation limits for the app as a whole, however many instances run:
 * each conversation's recent sends live in one stored document, and a call takes its
 * slot by writing that document over the version it read (_etag If-Match). Two
 * instances can therefore never both take the last slot of a second; the loser reads
 * again and waits. A process takes one conversation's slots one at a time, starting
 * from the version it wrote last (one write, no read, while nobody else writes).
 */
export class ConversationBudget {
  private readonly known = new Map<string, Known>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly store: BudgetStore) {}

  /** When a call could go, as this instance last saw the conversation (a hint: others may have sent since). */
  nextAllowedAt(tenantId: string, conversationId: string, now: number, kind?: OutboundKind, copyId?: string): number {
    const known = this.known.get(`${tenantId}|${conversationOf(conversationId)}`);
    return known ? nextAllowedAt(known.windows, now, kind, copyId) : now;
  }

  /**
   * Takes a slot for one call at `now()` when the conversation has room (0), or says
   * how many milliseconds to wait before asking again.
   */
  reserve(tenantId: string, conversationId: string, now: () => number, kind?: OutboundKind, copyId?: string): Promise<number> {
    return this.change(tenantId, conversationId, (windows) => {
      const at = now();
      const allowed = nextAllowedAt(windows, at, kind, copyId);
      return allowed > at ? { wait: allowed - at } : { next: recorded(windows, at, kind, copyId), wait: 0 };
    });
  }

  /** Holds the conversation until `until` (a 429's Retry-After), for every instance. */
  async block(tenantId: string, conversationId: string, until: number): Promise<void> {
    await this.change(tenantId, conversationId, (windows) => ((windows.blockedUntil ?? 0) >= until ? { wait: 0 } : { next: blocked(windows, until), wait: 0 }));
  }

  private change(tenantId: string, conversationId: string, decide: (windows: WindowState) => { next?: WindowState; wait: number }): Promise<number> {
    const id = conversationOf(conversationId);
    const key = `${tenantId}|${id}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
        // A conversation this instance has not seen is first taken to be new (most are, in a
        // fan-out): a creation then costs one write, and a 409 says to read it after all.
        const current = this.known.get(key) ?? (attempt === 1 ? { windows: emptyWindows() } : await this.load(tenantId, id, key));
        const { next, wait } = decide(current.windows);
        if (!next) return wait;
        const saved = await this.store.write(tenantId, id, next, current.etag);
        if (saved) {
          this.remember(key, { windows: saved.windows as WindowState, etag: saved._etag });
          return wait;
        }
        this.known.delete(key); // another instance wrote first: read its version
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
      throw new Error(`ConversationBudget: ${MAX_WRITE_ATTEMPTS} concurrent changes to conversation ${id}`);
    });
    const settled = turn.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return turn;
  }

  private async load(tenantId: string, conversationId: string, key: string): Promise<Known> {
    const document = await this.store.read<WindowState>(tenantId, conversationId);
    const known = document ? { windows: { ...emptyWindows(), ...document.windows }, etag: document._etag } : { windows: emptyWindows() };
    this.remember(key, known);
    return known;
  }

  private remember(key: string, known: Known): void {
    this.known.delete(key);
    this.known.set(key, known);
    if (this.known.size > KNOWN_CONVERSATIONS) this.known.delete(this.known.keys().next().value!);
  }
}
