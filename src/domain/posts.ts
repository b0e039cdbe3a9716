/**
 * A post: one piece of content that may be delivered to several conversations.
 * Reactions and comments form one set across all copies; counts are denormalised
 * here so the feed and the cards need point reads only.
 */
export const POST_KINDS = ['update', 'announcement', 'kudos', 'discussion', 'question', 'poll'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const POST_TITLE_MAX = 200;
export const POST_BODY_MAX = 4000;
export const FEED_PAGE_SIZE = 20;

/** Who may see a post; communities and people audiences arrive with later issues. */
export interface Audience {
  channels?: string[];
  communities?: string[];
  people?: string[];
  everyone?: boolean;
}

export interface Delivery {
  conversationId: string;
  activityId: string;
}

export interface Post {
  tenantId: string;
  postId: string;
  kind: PostKind;
  authorId: string;
  title?: string;
  body: string;
  imageUrl?: string;
  imageAltText?: string;
  audience: Audience;
  deliveredTo: Delivery[];
  reactionCount: number;
  commentCount: number;
  state: 'published' | 'removed';
  createdAt: string;
  updatedAt: string;
}
