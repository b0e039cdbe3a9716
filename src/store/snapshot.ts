import { promises as fs } from 'fs';
import path from 'path';
import type { OperationInput } from '@azure/cosmos';
import { executeBulk } from './bulk';
import { CONTAINERS, ContainerName } from './containers';
import type { Store } from './cosmos';

/**
 * The embedded server keeps data in memory only. In local mode we copy every
 * container to `<dataDir>/snapshot.json` shortly after each write (write-behind, see
 * SnapshotWriter) and on shutdown, and load it back at start, so `npm start` keeps
 * yesterday's posts even after a crash or a kill -9.
 */
const SNAPSHOT_FILE = 'snapshot.json';
const SNAPSHOT_VERSION = 1;
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

interface SnapshotFile {
  version: number;
  savedAt: string;
  containers: Partial<Record<ContainerName, Record<string, unknown>[]>>;
}

function withoutSystemFields(document: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...document };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy;
}

/** One save at a time per process: a periodic save and the shutdown save never interleave. */
let saving: Promise<unknown> = Promise.resolve();

export function saveSnapshot(store: Store, dataDir: string): Promise<number> {
  const next = saving.catch(() => undefined).then(() => writeSnapshot(store, dataDir));
  saving = next;
  return next;
}

/**
 * Containers are copied one after another while writes go on, so a copy is not one
 * moment: a later container may hold writes newer than an earlier one. Job checkpoints
 * go first (erasure jobs live in moderation): a checkpoint then never vouches for work
 * the data copied after it lacks, and a job resumed from the snapshot redoes a little
 * (every step is safe to repeat) rather than skipping what a kill -9 lost.
 */
const CHECKPOINTS_FIRST: ContainerName[] = ['moderation'];

async function writeSnapshot(store: Store, dataDir: string): Promise<number> {
  const snapshot: SnapshotFile = { version: SNAPSHOT_VERSION, savedAt: new Date().toISOString(), containers: {} };
  let count = 0;
  const names = Object.keys(CONTAINERS) as ContainerName[];
  for (const name of [...CHECKPOINTS_FIRST, ...names.filter((n) => !CHECKPOINTS_FIRST.includes(n))]) {
    // readAll is a read feed, not a query: linear on the embedded server.
    const { resources } = await store.containers[name].items.readAll<Record<string, unknown> & { id: string }>().fetchAll();
    snapshot.containers[name] = resources.map(withoutSystemFields);
    count += resources.length;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const target = path.join(dataDir, SNAPSHOT_FILE);
  const temporary = `${target}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(snapshot));
  await fs.rename(temporary, target); // atomic: a crash mid-write never leaves half a snapshot
  return count;
}

/** Loads the snapshot if there is one; returns how many documents it restored. */
export async function restoreSnapshot(store: Store, dataDir: string, onUnreadable?: (movedTo: string, error: unknown) => void): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, SNAPSHOT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let snapshot: SnapshotFile;
  try {
    snapshot = JSON.parse(text) as SnapshotFile;
    if (snapshot.version !== SNAPSHOT_VERSION || typeof snapshot.containers !== 'object') throw new Error(`version ${snapshot.version}`);
  } catch (error) {
    // Keep the unreadable file for a person to look at, and start with a fresh store.
    const aside = path.join(dataDir, `${SNAPSHOT_FILE}.unreadable-${Date.now()}`);
    await fs.rename(path.join(dataDir, SNAPSHOT_FILE), aside);
    onUnreadable?.(aside, error);
    return 0;
  }
  // One bulk call per container, all at once: the SDK's executor waits about a
  // second per call for partial batches, so the containers share that wait.
  const restored = await Promise.all(
    (Object.entries(snapshot.containers) as [ContainerName, Array<Record<string, unknown> & { pk: string }>][]).map(async ([name, documents]) => {
      const container = store.containers[name];
      if (!container) return 0; // a container that no longer exists in the declaration
      const operations: OperationInput[] = documents.map((resourceBody) => ({ operationType: 'Upsert', partitionKey: resourceBody.pk, resourceBody }) as OperationInput);
      const failed = (await executeBulk(container, operations)).find((outcome) => outcome.statusCode >= 400);
      if (failed) throw new Error(`restoreSnapshot() could not restore ${name}: status ${failed.statusCode}`);
      return operations.length;
    }),
  );
  const count = restored.reduce((sum, n) => sum + n, 0);
  return count;
}

/**
 * Write-behind: the first write the store takes after a save schedules the next one
 * `delayMs` later, so a write is on disk within about that long however busy the
 * store is (a burst of writes costs one save, not one each), and a crash loses at
 * most the last `delayMs`. Saves never overlap (saveSnapshot queues them).
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Call on every write; cheap when a save is already scheduled. */
  readonly written = (): void => {
    if (this.timer || this.stopped || this.delayMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      saveSnapshot(this.store, this.dataDir).catch(this.onError);
    }, this.delayMs);
  };

  /** Saves now (whatever is scheduled is folded in); later writes schedule nothing once stopped. */
  flush({ stop = false } = {}): Promise<number> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped ||= stop;
    return saveSnapshot(this.store, this.dataDir);
  }
}
