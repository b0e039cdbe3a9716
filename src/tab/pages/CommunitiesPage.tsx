import { useState } from 'react';
import { Button, Field, SearchBox, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { CommunityDetail } from '../components/communities/CommunityDetail';
import { CommunityTile } from '../components/communities/CommunityTile';
import { CreateCommunityDialog } from '../components/communities/CreateCommunityDialog';
import { Paged } from '../components/Paged';
import { Page } from '../components/Page';
import { communityListSchema, type CommunityView } from '../data/communitySchemas';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  search: { flexGrow: 1 },
});

type View = 'discover' | 'mine';
const communitiesOf = (page: { communities: CommunityView[] }) => page.communities;

/** Communities: discovery with search, my communities, one community's page, and creating one. */
export function CommunitiesPage() {
  const translate = useT();
  const styles = useStyles();
  const [view, setView] = useState<View>('discover');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<CommunityView>();
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);
  const list = (path: string, emptyText: string, label: string) => (
    <Paged key={`${path}#${version}`} path={path} schema={communityListSchema} items={communitiesOf} keyOf={(c) => c.id} label={label} emptyText={emptyText} testId="community-list" render={(c) => <CommunityTile community={c} onOpen={setOpen} />} />
  );
  return (
    <Page title={translate('tab.communities.title')} testId="page-communities">
      {open ? (
        <CommunityDetail key={open.id} initial={open} onBack={() => { setOpen(undefined); setVersion((v) => v + 1); }} />
      ) : (
        <>
          <div className={styles.bar}>
            <TabList selectedValue={view} onTabSelect={(_, data) => setView(data.value as View)} aria-label={translate('tab.communities.views')}>
              <Tab value="discover" data-testid="communities-discover">{translate('tab.communities.discover')}</Tab>
              <Tab value="mine" data-testid="communities-mine">{translate('tab.communities.mine')}</Tab>
            </TabList>
            <Button appearance="primary" onClick={() => setCreating(true)} data-testid="community-create">{translate('tab.communities.create.open')}</Button>
          </div>
          <div className={styles.panel} role="tabpanel" aria-label={translate(view === 'discover' ? 'tab.communities.discover' : 'tab.communities.mine')}>
            {view === 'discover' && (
              <>
                <Field label={translate('tab.communities.search')} className={styles.search}>
                  <SearchBox value={query} onChange={(_, data) => setQuery(data.value)} data-testid="community-search" />
                </Field>
                {list(`/api/v1/communities${query.trim() ? `?q=${encodeURIComponent(query.trim())}` : ''}`, translate(query.trim() ? 'tab.communities.noMatch' : 'tab.communities.none'), translate('tab.communities.discover'))}
              </>
            )}
            {view === 'mine' && list('/api/v1/communities/mine', translate('tab.communities.noneMine'), translate('tab.communities.mine'))}
          </div>
        </>
      )}
      {creating && <CreateCommunityDialog onClose={() => setCreating(false)} onCreated={(community) => { setCreating(false); setOpen(community); }} />}
    </Page>
  );
}
