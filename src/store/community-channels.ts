import type { Container } from '@azure/cosmos';
import { nameKey } from '../domain/communities';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';

/**
 * Which community a Teams channel speaks for (tenantId|channel|conversationId, one
 * point read when someone writes `discuss` there) and which community a name belongs
 * to (the create-only name claim, tenantId|name|key), so `community link <name>` and
 * every command in a linked channel are point reads.
 */
type ChannelDocument = StoredDocument & { type: 'communityChannel'; conversationId: string; communityId: string; linkedBy: string; linkedAt: string };
type NameDocument = StoredDocument & { type: 'communityName'; communityId: string };

export class CommunityChannels {
  constructor(private readonly container: Container) {}

  async communityNamed(tenantId: string, name: string): Promise<string | undefined> {
    const id = tenantKey(tenantId, 'name', nameKey(name));
    return (await readDocument<NameDocument>(this.container, id, id))?.communityId;
  }

  async communityOf(tenantId: string, conversationId: string): Promise<string | undefined> {
    const id = tenantKey(tenantId, 'channel', conversationId);
    return (await readDocument<ChannelDocument>(this.container, id, id))?.communityId;
  }

  async link(tenantId: string, conversationId: string, communityId: string, linkedBy: string, linkedAt: string): Promise<void> {
    const id = tenantKey(tenantId, 'channel', conversationId);
    await this.container.items.upsert<ChannelDocument>({ id, pk: id, tenantId, type: 'communityChannel', conversationId, communityId, linkedBy, linkedAt });
  }
}
