import { useState } from 'react';
import { CommentsSection } from '../engagement/CommentsSection';
import { FeedSortSelect, type FeedSort } from '../FeedSortSelect';
import { Badge, Body1, Button, Caption1, Card, Subtitle1, Subtitle2, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { communityError, communityFeedSchema, communitySchema, leftSchema, memberPageSchema, type CommunityPostView, type CommunityView } from '../../data/communitySchemas';
import { useLocale, useT } from '../../i18n/LocaleContext';
import type { MessageKey } from '../../../i18n';
import { RelativeTime } from '../RelativeTime';
import { Paged } from '../Paged';
import { StartPostForm } from './StartPostForm';
import { AmaSection } from './AmaSection';
import { privacyKey, standingKey } from './CommunityTile';
import { FollowButton } from '../FollowButton';
import { PollResults } from './PollResults';

const useStyles = makeStyles({
  header: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  cover: { width: '56px', height: '56px', borderRadius: tokens.borderRadiusMedium, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: '28px' },
  heading: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, flexGrow: 1 },
  meta: { color: tokens.colorNeutralForeground2 },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  post: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  body: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  footer: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' },
  sort: { maxWidth: '240px' },
  answer: { borderLeft: `3px solid ${tokens.colorPaletteGreenBorder2}`, paddingLeft: tokens.spacingHorizontalS },
});

type View = 'feed' | 'amas' | 'members' | 'about';
const kindKey = (kind: string) => `tab.communities.kind.${kind}` as MessageKey;
const FEEDS = ['all', 'question', 'unanswered'] as const;

/** One community: its feed (newest or most active first, a page at a time; each post's replies threaded under it), its members and its about, and joining or leaving it. */
export function CommunityDetail({ initial, onBack }: { initial: CommunityView; onBack: () => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [community, setCommunity] = useState(initial);
  const [view, setView] = useState<View>(initial.canRead ? 'feed' : 'about');
  const [feed, setFeed] = useState<(typeof FEEDS)[number]>('all');
  const [sort, setSort] = useState<FeedSort>('newest');
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [started, setStarted] = useState(0);
  async function act(action: 'join' | 'leave') {
    setError(undefined);
    try {
      const answer = await api.post(`/api/v1/communities/${community.id}/${action}`, {}, action === 'join' ? communitySchema : leftSchema);
      if ('left' in answer) return onBack();
      setCommunity(answer);
      setStatus(translate(standingKey(answer.myStanding)));
    } catch (failure) {
      setError(communityError(locale, failure));
    }
  }
  const member = ['member', 'moderator', 'owner'].includes(community.myStanding);
  const feedQuery = new URLSearchParams({ ...(feed !== 'all' && { kind: 'question' }), ...(feed === 'unanswered' && { unanswered: 'true' }), ...(sort === 'active' && { sort }) }).toString();
  const feedPath = `/api/v1/communities/${community.id}/feed${feedQuery ? `?${feedQuery}` : ''}`;
  return (
    <div className={styles.panel} data-testid="community-detail">
      <div><Button appearance="subtle" onClick={onBack}>{translate('tab.communities.back')}</Button></div>
      <div className={styles.header}>
        <div className={styles.cover} style={{ backgroundColor: `${community.hex}33` }} aria-hidden="true">{community.emoji}</div>
        <div className={styles.heading}>
          <Subtitle1 as="h2">{community.name}</Subtitle1>
          <Caption1 className={styles.meta}>
            {translate(privacyKey(community.privacy))} · {translate(community.memberCount === 1 ? 'tab.communities.members.one' : 'tab.communities.members.count', { count: community.memberCount })}
            {community.myStanding !== 'none' && ` · ${translate(standingKey(community.myStanding))}`}
          </Caption1>
        </div>
        {community.canRead && <FollowButton target={{ kind: 'community', id: community.id }} name={community.name} />}
        {!member && community.myStanding !== 'requested' && !community.archived && (
          <Button appearance="primary" onClick={() => act('join')} data-testid="community-join">{translate(community.privacy === 'open' ? 'tab.communities.join' : 'tab.communities.request')}</Button>
        )}
        {(member || community.myStanding === 'requested') && (
          <Button onClick={() => act('leave')} data-testid="community-leave">{translate(member ? 'tab.communities.leave' : 'tab.communities.withdraw')}</Button>
        )}
      </div>
      {error && <Body1 role="alert">{error}</Body1>}
      <span role="status" aria-live="polite" className={styles.meta}>{status}</span>
      <TabList selectedValue={view} onTabSelect={(_, data) => setView(data.value as View)} aria-label={translate('tab.communities.sections')}>
        {community.canRead && <Tab value="feed" data-testid="community-tab-feed">{translate('tab.communities.feed')}</Tab>}
        {community.canRead && <Tab value="amas" data-testid="community-tab-amas">{translate('tab.communities.amaTab')}</Tab>}
        {community.canRead && <Tab value="members" data-testid="community-tab-members">{translate('tab.communities.membersTab')}</Tab>}
        <Tab value="about" data-testid="community-tab-about">{translate('tab.communities.about')}</Tab>
      </TabList>
      <div className={styles.panel} role="tabpanel" aria-label={translate(view === 'feed' ? 'tab.communities.feed' : view === 'amas' ? 'tab.communities.amaTab' : view === 'members' ? 'tab.communities.membersTab' : 'tab.communities.about')}>
        {view === 'feed' && community.canRead && (
          <>
            <TabList size="small" selectedValue={feed} onTabSelect={(_, data) => setFeed(data.value as (typeof FEEDS)[number])} aria-label={translate('tab.communities.feedFilter')}>
              {FEEDS.map((f) => <Tab key={f} value={f}>{translate(`tab.communities.filter.${f}` as MessageKey)}</Tab>)}
            </TabList>
            <FeedSortSelect value={sort} onChange={setSort} className={styles.sort} testId="community-feed-sort" />
            {member && !community.archived && <StartPostForm communityId={community.id} onStarted={() => setStarted((n) => n + 1)} />}
            <Paged key={`${feedPath}#${started}`} path={feedPath} schema={communityFeedSchema} items={feedItems} keyOf={(p) => p.id} label={translate('tab.communities.feed')} emptyText={translate('tab.communities.feedEmpty')} testId="community-feed" render={(post) => <PostTile post={post} />} />
          </>
        )}
        {view === 'amas' && community.canRead && <AmaSection communityId={community.id} canOpen={member && !community.archived} canNameHost={community.canModerate} />}
        {view === 'members' && community.canRead && (
          <Paged path={`/api/v1/communities/${community.id}/members`} schema={memberPageSchema} items={memberItems} keyOf={(m) => m.userId} label={translate('tab.communities.membersTab')} emptyText={translate('tab.communities.feedEmpty')} testId="community-members"
            render={(m) => <Body1>{m.displayName} <Badge appearance="outline">{translate(standingKey(m.role))}</Badge></Body1>} />
        )}
        {view === 'about' && (
          <Card>
            <Subtitle2 as="h3">{translate('tab.communities.about')}</Subtitle2>
            <Body1 as="p" className={styles.body}>{community.description || translate('tab.communities.noDescription')}</Body1>
            <Caption1 className={styles.meta}>{translate(`tab.communities.privacyHelp.${community.privacy}` as MessageKey)}</Caption1>
            <Caption1 className={styles.meta}>{translate('tab.communities.created')} <RelativeTime iso={community.createdAt} /></Caption1>
          </Card>
        )}
      </div>
    </div>
  );
}

const feedItems = (page: { posts: CommunityPostView[] }) => page.posts;
const memberItems = (page: { members: Array<{ userId: string; displayName: string; role: string; since: string }> }) => page.members;

/** A discussion's name for its follow button: the start of its text. */
const threadName = (post: CommunityPostView) => (post.body.length > 60 ? `${post.body.slice(0, 59)}…` : post.body);

function PostTile({ post }: { post: CommunityPostView }) {
  const styles = useStyles();
  const translate = useT();
  const [count, setCount] = useState(post.commentCount);
  return (
    <Card className={styles.post} data-testid="community-post">
      <Caption1 className={styles.meta}>{translate(kindKey(post.kind))} · {post.author.displayName} · <RelativeTime iso={post.createdAt} /></Caption1>
      <Body1 as="p" className={styles.body}>{post.body}</Body1>
      {post.poll && <Caption1 className={styles.meta}>{post.poll.options.map((o) => o.label).join(' · ')}</Caption1>}
      {post.poll && <PollResults postId={post.id} />}
      {post.bestAnswer && (
        <div className={styles.answer}>
          <Caption1>{translate('tab.communities.bestAnswer', { name: post.bestAnswer.authorName })}</Caption1>
          <Body1 as="p" className={styles.body}>{post.bestAnswer.text}</Body1>
        </div>
      )}
      <div className={styles.footer}>
        <Caption1 className={styles.meta}>{translate('tab.communities.replies', { count })}</Caption1>
        <FollowButton size="small" target={{ kind: 'thread', id: post.id }} name={threadName(post)} />
      </div>
      <CommentsSection postId={post.id} count={count} onCount={setCount} />
    </Card>
  );
}
