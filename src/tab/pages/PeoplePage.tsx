import { useEffect, useState } from 'react';
import { Field, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import { EmptyState } from '../components/EmptyState';
import { Page } from '../components/Page';
import { ProfileDetail } from '../components/profiles/ProfileDetail';
import { PersonRow } from '../components/profiles/PersonRow';
import { ResourceView } from '../components/ResourceView';
import { peopleSearchSchema, profileSchema } from '../data/profileSchemas';
import { useApiResource } from '../data/useApiResource';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** Searches shorter than this are not sent: the server needs a two-letter prefix. */
const SEARCH_MIN = 2;

/** The person a #/people/<id> hash names ("me" for the caller), or undefined on the search view. */
function usePersonInHash(): string | undefined {
  const read = () => decodeURIComponent(window.location.hash.replace(/^#\/?people\/?/, '').split(/[/?]/)[0] ?? '') || undefined;
  const [userId, setUserId] = useState(read);
  useEffect(() => {
    const follow = () => setUserId(read());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return userId;
}

/** People: search by name, department or skill; #/people/<id> shows one person's profile. */
export function PeoplePage() {
  const translate = useT();
  const userId = usePersonInHash();
  return (
    <Page title={translate(userId ? 'tab.people.profileTitle' : 'tab.people.title')} testId="page-people">
      {userId ? <Profile key={userId} userId={userId} /> : <PeopleSearch />}
    </Page>
  );
}

function Profile({ userId }: { userId: string }) {
  const resource = useApiResource(`/api/v1/people/${encodeURIComponent(userId)}/profile`, profileSchema);
  return <ResourceView resource={resource}>{(profile) => <ProfileDetail initial={profile} />}</ResourceView>;
}

/** Keystrokes closer together than this make one search. */
const SEARCH_DEBOUNCE_MS = 250;

function PeopleSearch() {
  const translate = useT();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query]);
  return (
    <>
      <Field label={translate('tab.people.search')} hint={translate('tab.people.searchHint')}>
        <SearchBox value={query} onChange={(_, data) => setQuery(data.value)} data-testid="people-search" />
      </Field>
      {/* The whole directory is a query (an admin page's); people are found through the search index only. */}
      {search.length >= SEARCH_MIN ? <SearchResults key={search} search={search} /> : <EmptyState text={translate('tab.people.typeToSearch')} />}
    </>
  );
}

function SearchResults({ search }: { search: string }) {
  const translate = useT();
  const styles = useStyles();
  const resource = useApiResource(`/api/v1/people?search=${encodeURIComponent(search)}`, peopleSearchSchema);
  return (
    <ResourceView resource={resource}>
      {({ people }) =>
        people.length ? (
          <ul className={styles.list} aria-label={translate('tab.people.results')} data-testid="people-results">
            {people.map((person) => <PersonRow key={person.userId} person={person} skills={person.skills} />)}
          </ul>
        ) : (
          <EmptyState text={translate('tab.people.noMatch')} />
        )
      }
    </ResourceView>
  );
}
