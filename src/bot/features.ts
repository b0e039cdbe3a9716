import type { TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { CardRefresher } from '../delivery/card-refresh';
import type { EngagementPorts } from '../domain/engagement';
import type { EngagementActionPorts } from '../domain/engagement-actions';
import { canEditPost, Post } from '../domain/posts';
import type { Logger } from '../log';
import type { Repositories } from '../store';
import { postCard } from '../cards/post';
import { pollCard } from '../cards/poll';
import { isPoll } from '../domain/polls';
import { isAma } from '../domain/ama';
import { isAnnouncementPost } from '../domain/announcement-engagement';
import { announcementCardWithEngagement } from './announcement-engagement';
import { personalAmaCard } from './ama';
import { hasRole } from '../domain/identity';
import type { AdaptiveCard } from '../cards/types';
import { BotIdentity, identityFromActivity } from './identity';
import type { ProactiveMessenger } from './proactive';
import { recordSender } from './membership';
import type { StudioReviewPort } from './studio-review';

/** What every bot feature module is given by createBot. */
export interface FeatureContext {
  config: Config;
  repositories: Repositories;
  engagement: EngagementPorts;
  /** Reacting, commenting and acknowledging with their consequences (card refresh, report, author notice): shared with the tab API. */
  actions: EngagementActionPorts;
  refresher: CardRefresher;
  messenger: ProactiveMessenger;
  logger: Logger;
  now: () => Date;
  /** Studio's approve and reject (the queue's own); absent where no API is wired (unit tests). */
  studio?: StudioReviewPort;
  /** Where announcement cards' "Open in Commons" leads. */
  announcementView?: { tabUrl?: string };
  /** Per-person write limit shared with the tab API (comments, posts, reports). */
  checkWriteLimit(identity: BotIdentity): void;
  identify(context: TurnContext): Promise<BotIdentity>;
  /** The post card as this person sees it: their reaction highlighted, their own buttons. */
  personalCard(post: Post, identity: BotIdentity): Promise<AdaptiveCard>;
}

export function featureContext(base: Omit<FeatureContext, 'identify' | 'personalCard'>): FeatureContext {
  return {
    ...base,
    async identify(context) {
      const identity = await identityFromActivity(context, base.repositories.people, base.config.admins);
      await recordSender(base.repositories.memberships, context.activity);
      // Cards list viewers by Teams id only: remember whose it is, so erasure can take them off. Never worth failing the turn for.
      await base.repositories.teamsAccounts.note(identity.tenantId, identity.userId, identity.teamsUserId).catch((error) => base.logger.warn({ err: error, tenantId: identity.tenantId }, 'could not note a Teams account'));
      return identity;
    },
    async personalCard(post, identity) {
      if (isAnnouncementPost(post)) return announcementCardWithEngagement(base.repositories, post, { ...base.announcementView, locale: identity.locale, viewer: identity });
      if (isAma(post)) return personalAmaCard(base.repositories, post, identity, base.now());
      if (isPoll(post)) {
        const [tally, mine] = await Promise.all([base.repositories.polls.tally(post.tenantId, post.postId), base.repositories.polls.myVote(post.tenantId, post.postId, identity.userId)]);
        return pollCard(post, tally, { locale: identity.locale, mine, canClose: post.authorId === identity.userId || hasRole(identity, 'moderator'), now: base.now() });
      }
      const myReaction = await base.repositories.engagement.reactionOf(identity.tenantId, post.postId, identity.userId);
      const reactions = await base.engagement.reactionSet(identity.tenantId);
      return postCard(post, { locale: identity.locale, myReaction, canEdit: canEditPost(identity, post), reactions });
    },
  };
}
