import { useState } from 'react';
import { Button, Caption1, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { countMessage } from '../../i18n/plural';
import { PollResultsData, pollResultsSchema } from './pollSchema';
import { PollVoteForm } from './PollVoteForm';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  names: { color: tokens.colorNeutralForeground3 },
});

/**
 * A poll in the tab, on request: the vote (PollVoteForm, the card's own vote), then
 * each option's votes and share as a labelled bar, the reader's own choice marked,
 * and for a named poll who chose it. Hidden results appear once the reader voted.
 */
export function PollResults({ postId }: { postId: string }) {
  const translate = useT();
  const [open, setOpen] = useState(false);
  return (
    <div>
      <Button appearance="subtle" size="small" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="poll-results-toggle">
        {translate(open ? 'tab.poll.hideResults' : 'tab.poll.showResults')}
      </Button>
      {open && <PollResultList postId={postId} />}
    </div>
  );
}

function PollResultList({ postId }: { postId: string }) {
  const translate = useT();
  const loaded = useApiResource(`/api/v1/posts/${encodeURIComponent(postId)}/poll`, pollResultsSchema);
  // The vote answers the results as they stand after it: they replace what was loaded.
  const [voted, setVoted] = useState<PollResultsData>();
  if (loaded.status !== 'ready') return <Caption1>{translate('tab.poll.loading')}</Caption1>;
  const poll = voted ?? loaded.data;
  return (
    <div>
      <PollVoteForm postId={postId} poll={poll} onVoted={setVoted} />
      <PollBars poll={poll} />
    </div>
  );
}

function PollBars({ poll }: { poll: PollResultsData }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  if (!poll.resultsShown) return <Caption1 data-testid="poll-results">{translate('tab.poll.hidden')}</Caption1>;
  return (
    <div data-testid="poll-results">
      <Caption1>{countMessage(translate, locale, 'tab.poll.voters', 'tab.poll.voters.one', poll.voters)}</Caption1>
      <ul className={styles.list}>
        {poll.options.map((option) => {
          const mine = poll.myChoices.includes(option.id);
          return (
            <li key={option.id}>
              <div className={styles.row}>
                <Text weight={mine ? 'semibold' : 'regular'}>
                  {option.label}
                  {mine && ` ${translate('tab.poll.mine')}`}
                </Text>
                <Caption1>{translate('tab.poll.votes', { votes: option.votes ?? 0, percent: option.percent ?? 0 })}</Caption1>
              </div>
              <ProgressBar value={(option.percent ?? 0) / 100} thickness="large" aria-label={translate('tab.poll.barLabel', { label: option.label, percent: option.percent ?? 0 })} />
              {option.voterNames && option.voterNames.length > 0 && <Caption1 className={styles.names}>{option.voterNames.join(', ')}</Caption1>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
