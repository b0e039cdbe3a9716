import { Field, Select } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';

export type FeedSort = 'newest' | 'active';

/** The "Newest first / Most active" choice of a feed (the tenant's and a community's). */
export function FeedSortSelect({ value, onChange, className, testId }: { value: FeedSort; onChange: (sort: FeedSort) => void; className?: string; testId: string }) {
  const translate = useT();
  return (
    <Field label={translate('tab.feed.sort')} className={className}>
      <Select value={value} onChange={(_event, data) => onChange(data.value === 'active' ? 'active' : 'newest')} data-testid={testId}>
        <option value="newest">{translate('tab.feed.sort.newest')}</option>
        <option value="active">{translate('tab.feed.sort.active')}</option>
      </Select>
    </Field>
  );
}
