import { useState } from 'react';
import { Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { NewPostsPill } from '../components/NewPostsPill';
import { Page } from '../components/Page';
import { Paged } from '../components/Paged';
import { PostCard } from '../components/PostCard';
import { feedSchema, reactionSetSchema, type FeedPage as FeedPageData, type Post } from '../data/schemas';
import { useApiResource } from '../data/useApiResource';
import { REACTION_SETTINGS_PATH } from '../components/reactions/paths';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filter: { maxWidth: '240px' },
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
  // Showing new posts starts the feed again from its top.
  const [generation, setGeneration] = useState(0);
  const path = `/api/v1/feed?limit=20${kind ? `&kind=${kind}` : ''}`;
  // The tenant's reaction set, once for the whole feed (the bar waits for it).
  const reactionSet = useApiResource(REACTION_SETTINGS_PATH, reactionSetSchema);
  const reactions = reactionSet.status === 'ready' ? reactionSet.data.reactions : undefined;
  return (
    <Page title={translate('tab.feed.title')} testId="page-feed">
      <div className={styles.root}>
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
        <Paged
          key={`${path}#${generation}`}
          path={path}
          schema={feedSchema}
          items={postsOf}
          keyOf={idOf}
          label={translate('tab.feed.title')}
          emptyText={translate('tab.feed.empty')}
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
              <NewPostsPill path={`/api/v1/feed/new${kind ? `?kind=${kind}` : ''}`} since={first.newest} onShow={() => setGeneration((n) => n + 1)} />
            </>
          )}
          render={(post) => <PostCard post={post} reactions={reactions} />}
        />
      </div>
    </Page>
  );
}
