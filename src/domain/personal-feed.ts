import type { Post } from './posts';
import { isKudos } from './kudos';

/**
 * "For you": the part of what someone may see that is about them — announcements,
 * posts of their communities (and of those they follow), what the people they follow
 * post, threads they follow, kudos in their team or department, and their own posts.
 * Decided from the post and a few facts about the reader read once per page, so it
 * adds no read per post. Visibility is decided before this, by the post gate.
 */
export interface ForYouFacts {
  userId: string;
  department?: string;
  managerId?: string;
  communityIds: ReadonlySet<string>;
  followedPeople: ReadonlySet<string>;
  followedThreads: ReadonlySet<string>;
}

export function isForYou(facts: ForYouFacts): (post: Post) => boolean {
  const me = facts.userId.toLowerCase();
  const department = facts.department?.toLowerCase();
  const manager = facts.managerId?.toLowerCase();
  // My team: my manager, the people who share them, and the people I manage.
  const inMyTeamOrDepartment = (person: { userId: string; department?: string; managerId?: string }) => {
    const id = person.userId.toLowerCase();
    const theirManager = person.managerId?.toLowerCase();
    return (
      (department !== undefined && person.department?.toLowerCase() === department) ||
      (manager !== undefined && (id === manager || theirManager === manager)) ||
      theirManager === me
    );
  };
  return (post) => {
    if (post.authorId.toLowerCase() === me || post.kind === 'announcement') return true;
    if (post.community && facts.communityIds.has(post.community.communityId)) return true;
    if (facts.followedPeople.has(post.authorId.toLowerCase()) || facts.followedThreads.has(post.postId.toLowerCase())) return true;
    return isKudos(post) && post.kudos.recipients.some((recipient) => recipient.userId.toLowerCase() === me || inMyTeamOrDepartment(recipient));
  };
}
