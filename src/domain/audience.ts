/**
 * Who something is sent to, for posts and announcements alike. Channels are
 * conversation ids of channels where Commons is installed; communities reach their
 * linked channels (once communities exist); people are Entra object ids reached in
 * their personal chat with Commons; everyone is every personal chat of the tenant.
 * Where a post was sent is not who may see it: that is its `visibility`.
 */
export interface Audience {
  channels?: string[];
  communities?: string[];
  people?: string[];
  everyone?: boolean;
}

/** A cap on explicit targets in one request; "everyone" is the way to reach more. */
export const AUDIENCE_LIST_MAX = 1000;

export function isEmptyAudience(audience: Audience): boolean {
  return !audience.everyone && !audience.channels?.length && !audience.communities?.length && !audience.people?.length;
}
