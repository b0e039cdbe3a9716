import { useState } from 'react';
import { Button, Field, SearchBox, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { Person } from '../../data/schemas';
import { useT } from '../../i18n/LocaleContext';
import { EmptyState } from '../EmptyState';
import { ErrorState } from '../ErrorState';
import { LoadingState } from '../LoadingState';
import { PeopleTable } from '../PeopleTable';
import { ScrollRegion } from '../ScrollRegion';
import { RolesDialog } from './RolesDialog';
import { usePeoplePages } from './usePeoplePages';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  search: { maxWidth: '360px' },
  more: { alignSelf: 'flex-start' },
});

/** The directory for admins: searchable by name, title or department, a page at a time; roles edited in a dialog. */
export function AdminPeople({ labelledBy }: { labelledBy: string }) {
  const styles = useStyles();
  const translate = useT();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Person>();
  const { pages, loadMore, replace, retry } = usePeoplePages(search);

  return (
    <div className={styles.root}>
      <Field label={translate('tab.admin.people.search')} hint={translate('tab.admin.people.searchHint')} className={styles.search}>
        <SearchBox value={search} onChange={(_, data) => setSearch(data.value)} data-testid="people-search" />
      </Field>
      {pages.status === 'loading' && <LoadingState />}
      {pages.status === 'error' && <ErrorState error={pages.error} onRetry={retry} />}
      {pages.status === 'ready' &&
        (pages.people.length === 0 ? (
          <EmptyState text={translate(search.trim() ? 'tab.admin.people.noMatch' : 'tab.admin.people.empty')} />
        ) : (
          <>
            <ScrollRegion labelledBy={labelledBy}>
              <PeopleTable people={pages.people} labelledBy={labelledBy} onEditRoles={setEditing} />
            </ScrollRegion>
            {pages.more && (
              <Button className={styles.more} onClick={loadMore} disabledFocusable={pages.loadingMore} icon={pages.loadingMore ? <Spinner size="tiny" /> : undefined} data-testid="people-more">
                {translate('tab.admin.people.more')}
              </Button>
            )}
          </>
        ))}
      {editing && (
        <RolesDialog
          person={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(person) => {
            replace(person);
            setEditing(undefined);
          }}
        />
      )}
    </div>
  );
}
