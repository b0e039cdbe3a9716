import { useEffect, useState } from 'react';
import { Field, SearchBox, Select, makeStyles, tokens } from '@fluentui/react-components';
import { NewPostsPill } from '../components/NewPostsPill';
import { Page } from '../components/Page';
import { Paged } from '../components/Paged';
import { PostCard } from '../components/PostCard';
import { feedSchema, type FeedPage as FeedPageData, type Post } from '../data/schemas';
import { useApiResource } from '../data/useApiResource';
import { communityListSchema } from '../data/communitySchemas';
import { useReactionSet } from '../components/reactions/useReactionSet';
import { useT } from '../i18n/LocaleContext';
import { FeedSortSelect, type FeedSort } from '../components/FeedSortSelect';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filter: { maxWidth: '240px' },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  pinned: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** The kinds a reader can narrow the feed to (the API's `kind`). */
const KINDS = ['update', 'announcement', 'kudos', 'discussion', 'question', 'poll'] as const;
const postsOf = (page: FeedPageData) => page.posts;
const idOf = (post: Post) => post.id;

export function FeedPage() {
  const styles = useStyles();
  const translate = useT();
  const [kind, setKind] = useState('');
  const [scope, setScope] = useState<'all' | 'forYou'>('all');
  const [sort, setSort] = useState<FeedSort>('newest');
  const [communityId, setCommunityId] = useState('');
  // The reader's own communities, for the community filter (one point read on the server).
  const mine = useApiResource('/api/v1/communities/mine', communityListSchema);
  const myCommunities = mine.status === 'ready' ? mine.data.communities.filter((c) => c.canRead) : [];
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  // Search once typing pauses, and only for words the index holds (three letters or more).
  useEffect(() => {
    const timer = setTimeout(() => setSearch(/\p{L}{3}|\p{N}{3}/u.test(typed) ? typed.trim() : ''), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  // Showing new posts starts the feed again from its top.
  const [generation, setGeneration] = useState(0);
  const filters = `${kind ? `&kind=${kind}` : ''}${scope === 'forYou' ? '&scope=forYou' : ''}${search ? `&q=${encodeURIComponent(search)}` : ''}${communityId ? `&communityId=${encodeURIComponent(communityId)}` : ''}`;
  const order = sort === 'active' ? '&sort=active' : '';
  const path = `/api/v1/feed?limit=20${filters}${order}`;
  const reactions = useReactionSet();
  return (
    <Page title={translate('tab.feed.title')} testId="page-feed">
      <div className={styles.root}>
        <div className={styles.filters}>
        <Field label={translate('tab.feed.search')} className={styles.filter}>
          <SearchBox value={typed} onChange={(_event, data) => setTyped(data.value)} data-testid="feed-search" />
        </Field>
        <Field label={translate('tab.feed.scope')} className={styles.filter}>
          <Select value={scope} onChange={(_event, data) => setScope(data.value === 'forYou' ? 'forYou' : 'all')} data-testid="feed-scope">
            <option value="all">{translate('tab.feed.scope.all')}</option>
            <option value="forYou">{translate('tab.feed.scope.forYou')}</option>
          </Select>
        </Field>
        {myCommunities.length > 0 && (
          <Field label={translate('tab.feed.community')} className={styles.filter}>
            <Select value={communityId} onChange={(_event, data) => setCommunityId(data.value)} data-testid="feed-community">
              <option value="">{translate('tab.feed.community.all')}</option>
              {myCommunities.map((community) => (
                <option key={community.id} value={community.id}>
                  {community.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <FeedSortSelect value={sort} onChange={setSort} className={styles.filter} testId="feed-sort" />
        <Field label={translate('tab.feed.filter')} className={styles.filter}>
          <Select value={kind} onChange={(_event, data) => setKind(data.value)} data-testid="feed-kind">
            <option value="">{translate('tab.feed.filter.all')}</option>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {translate(`tab.feed.filter.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
        </div>
        <Paged
          key={`${path}#${generation}`}
          path={path}
          schema={feedSchema}
          items={postsOf}
          keyOf={idOf}
          label={translate('tab.feed.title')}
          emptyText={translate(search ? 'tab.feed.search.empty' : 'tab.feed.empty')}
          testId="post-list"
          autoLoad
          header={(first) => (
            <>
              {first.pinned.length > 0 && (
                <section aria-label={translate('tab.feed.pinned')} className={styles.pinned} data-testid="pinned-posts">
                  {first.pinned.map((post) => (
                    <PostCard key={post.id} post={post} reactions={reactions} />
                  ))}
                </section>
              )}
              <NewPostsPill path={`/api/v1/feed/new${filters.replace('&', '?')}`} since={first.newest} onShow={() => setGeneration((n) => n + 1)} />
            </>
          )}
          render={(post) => <PostCard post={post} reactions={reactions} />}
        />
      </div>
    </Page>
  );
}
