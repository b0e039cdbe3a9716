import { makeStyles, tokens } from '@fluentui/react-components';
import { EmptyState } from '../components/EmptyState';
import { Page } from '../components/Page';
import { PostCard } from '../components/PostCard';
import { ResourceView } from '../components/ResourceView';
import { feedSchema } from '../data/schemas';
import { useApiResource } from '../data/useApiResource';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyle: 'none' },
});

export function FeedPage() {
  const styles = useStyles();
  const translate = useT();
  const feed = useApiResource('/api/v1/feed', feedSchema);
  return (
    <Page title={translate('tab.feed.title')} testId="page-feed">
      <ResourceView resource={feed}>
        {({ posts }) =>
          posts.length === 0 ? (
            <EmptyState text={translate('tab.feed.empty')} />
          ) : (
            <ul className={styles.list} data-testid="post-list">
              {posts.map((post) => (
                <li key={post.id}>
                  <PostCard post={post} />
                </li>
              ))}
            </ul>
          )
        }
      </ResourceView>
    </Page>
  );
}
