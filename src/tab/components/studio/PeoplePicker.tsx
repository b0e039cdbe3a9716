import { useEffect, useState } from 'react';
import { Avatar, Field, TagPicker, TagPickerControl, TagPickerGroup, TagPickerInput, TagPickerList, TagPickerOption, Tag, type TagPickerProps } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { profileSchema } from '../../data/profileSchemas';
import { peoplePageSchema, type Person } from '../../data/schemas';
import { useT } from '../../i18n/LocaleContext';
import { SEARCH_MIN_LETTERS } from '../people/usePeoplePages';

const SEARCH_DELAY_MS = 250;
/** The option shown when a search finds nobody; choosing it does nothing. */
const NO_MATCH = '__no-match__';

/**
 * The people of an audience, picked from the directory: typing searches
 * GET /api/v1/people?search= (a prefix of a name, title, department or skill) and
 * each person picked becomes a chip; Backspace or a chip's click removes one. The
 * keyboard works as in any Fluent combobox (arrows, Enter, Escape).
 */
export function PeoplePicker({ people, onChange }: { people: string[]; onChange: (next: string[]) => void }) {
  const translate = useT();
  const api = useApi();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Person[]>();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const search = query.trim().length >= SEARCH_MIN_LETTERS ? query.trim() : '';

  useEffect(() => {
    setFound(undefined);
    if (!search) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get(`/api/v1/people?${new URLSearchParams({ search, limit: '10' })}`, peoplePageSchema, controller.signal).then(
        (page) => !controller.signal.aborted && setFound(page.people),
        () => !controller.signal.aborted && setFound([]),
      );
    }, SEARCH_DELAY_MS);
    return () => (clearTimeout(timer), controller.abort());
  }, [api, search]);

  // A saved draft holds ids only: their names come from the directory, one point read each.
  const unnamed = people.filter((id) => !names.has(id));
  useEffect(() => {
    if (!unnamed.length) return;
    const controller = new AbortController();
    for (const id of unnamed) {
      api.get(`/api/v1/people/${encodeURIComponent(id)}/profile`, profileSchema, controller.signal).then(
        (profile) => setNames((current) => new Map(current).set(id, profile.person.displayName)),
        () => !controller.signal.aborted && setNames((current) => new Map(current).set(id, id)),
      );
    }
    return () => controller.abort();
  }, [api, unnamed.join(',')]);

  const onOptionSelect: TagPickerProps['onOptionSelect'] = (_, data) => {
    if (data.value === NO_MATCH) return;
    const person = found?.find((p) => p.userId === data.value);
    if (person) setNames((current) => new Map(current).set(person.userId, person.displayName));
    onChange(data.selectedOptions.filter((id) => id !== NO_MATCH));
    setQuery('');
  };

  const options = (found ?? []).filter((p) => !people.includes(p.userId));
  return (
    <Field label={translate('tab.studio.audience.people')} hint={translate('tab.studio.audience.peopleHint')}>
      <TagPicker onOptionSelect={onOptionSelect} selectedOptions={people}>
        <TagPickerControl data-testid="studio-people">
          <TagPickerGroup aria-label={translate('tab.studio.audience.picked')}>
            {people.map((id) => (
              <Tag key={id} value={id} shape="rounded" media={<Avatar aria-hidden name={names.get(id)} color="colorful" />} data-testid="studio-person-chip">
                {names.get(id) ?? '…'}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput value={query} onChange={(e) => setQuery(e.target.value)} data-testid="studio-people-input" />
        </TagPickerControl>
        <TagPickerList>
          {search && found && !options.length && <TagPickerOption value={NO_MATCH}>{translate('tab.studio.audience.noMatch')}</TagPickerOption>}
          {options.map((p) => (
            <TagPickerOption key={p.userId} value={p.userId} text={p.displayName} media={<Avatar aria-hidden name={p.displayName} color="colorful" />} secondaryContent={[p.jobTitle, p.department].filter(Boolean).join(' · ')}>
              {p.displayName}
            </TagPickerOption>
          ))}
        </TagPickerList>
      </TagPicker>
    </Field>
  );
}
