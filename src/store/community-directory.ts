import type { Container } from '@azure/cosmos';
import type { Community, Privacy } from '../domain/communities';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, StoredDocument } from './documents';

/**
 * The tenant's list of communities, for discovery and search, append-only: a head
 * counts them (patch `incr` hands each new community its place) and entries go into
 * pages of DIRECTORY_PAGE_SIZE by patch `add`, as comment pages do. Nothing
 * tenant-wide is rewritten when people join, post or leave: counts and activity are
 * read from each listed community's own document. A full page never changes again,
 * so this process keeps it.
 */
export const DIRECTORY_PAGE_SIZE = 100;
const FULL_PAGES_KEPT = 2_000;

export interface DirectoryEntry {
  communityId: string;
  name: string;
  privacy: Privacy;
  createdAt: string;
}
type HeadDocument = StoredDocument & { type: 'communityDirectoryHead'; count: number };
type PageDocument = StoredDocument & { type: 'communityDirectoryPage'; page: number; entries: DirectoryEntry[] };

export class CommunityDirectory {
  private readonly fullPages = new Map<string, DirectoryEntry[]>();

  constructor(private readonly container: Container) {}

  async append(community: Community): Promise<void> {
    const { tenantId } = community;
    const headId = tenantKey(tenantId, 'directory');
    const head = (await patchOrCreate<HeadDocument>(this.container, headId, headId, [{ op: 'incr', path: '/count', value: 1 }], { id: headId, pk: headId, tenantId, type: 'communityDirectoryHead', count: 1 })).resource;
    const page = Math.floor((head.count - 1) / DIRECTORY_PAGE_SIZE);
    const entry: DirectoryEntry = { communityId: community.communityId, name: community.name, privacy: community.privacy, createdAt: community.createdAt };
    const pageId = tenantKey(tenantId, 'directory', String(page));
    await patchOrCreate<PageDocument>(this.container, pageId, pageId, [{ op: 'add', path: '/entries/-', value: entry }], { id: pageId, pk: pageId, tenantId, type: 'communityDirectoryPage', page, entries: [entry] });
  }

  /** Every entry, newest first: one point read a page (full pages from memory). */
  async all(tenantId: string): Promise<DirectoryEntry[]> {
    const headId = tenantKey(tenantId, 'directory');
    const head = await readDocument<HeadDocument>(this.container, headId, headId);
    if (!head) return [];
    const pages = Math.ceil(head.count / DIRECTORY_PAGE_SIZE);
    const read = await Promise.all(Array.from({ length: pages }, (_, page) => this.page(tenantId, page)));
    return read.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.communityId.localeCompare(a.communityId));
  }

  private async page(tenantId: string, page: number): Promise<DirectoryEntry[]> {
    const id = tenantKey(tenantId, 'directory', String(page));
    const kept = this.fullPages.get(id);
    if (kept) return kept;
    const entries = (await readDocument<PageDocument>(this.container, id, id))?.entries ?? [];
    if (entries.length >= DIRECTORY_PAGE_SIZE) {
      if (this.fullPages.size >= FULL_PAGES_KEPT) this.fullPages.clear();
      this.fullPages.set(id, entries);
    }
    return entries;
  }
}
