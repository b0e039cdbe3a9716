import type { Store } from './cosmos';
import { ConversationRepository } from './conversations';
import { EngagementRepository } from './engagement';
import { PeopleRepository } from './people';
import { PostRepository } from './posts';
import { TenantRepository } from './tenants';

/** One repository an aggregate, all over the same Store. */
export interface Repositories {
  tenants: TenantRepository;
  people: PeopleRepository;
  conversations: ConversationRepository;
  posts: PostRepository;
  engagement: EngagementRepository;
}

export function createRepositories(store: Store): Repositories {
  return {
    tenants: new TenantRepository(store.containers.tenants),
    people: new PeopleRepository(store.containers.people),
    conversations: new ConversationRepository(store.containers.conversations),
    posts: new PostRepository(store.containers.posts, store.containers.timelines),
    engagement: new EngagementRepository(store.containers.engagement),
  };
}
