import { useId, useState } from 'react';
import { Caption1, Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { leaderboardSchema, type BadgeView } from '../../data/kudosSchemas';
import { useApiResource } from '../../data/useApiResource';
import { useT } from '../../i18n/LocaleContext';
import { EmptyState } from '../EmptyState';
import { ResourceView } from '../ResourceView';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  note: { color: tokens.colorNeutralForeground3 },
  number: { textAlign: 'end' },
});

const PERIODS = ['week', 'month', 'quarter'] as const;

/** Who was recognised by the most different people: by period, badge and department. */
export function Leaderboards({ badges, myDepartment }: { badges: BadgeView[]; myDepartment?: string }) {
  const styles = useStyles();
  const translate = useT();
  const captionId = useId();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('month');
  const [badge, setBadge] = useState('');
  const [department, setDepartment] = useState('');
  const query = new URLSearchParams({ period, ...(badge && { badge }), ...(department && { department }) });
  const board = useApiResource(`/api/v1/kudos/leaderboard?${query}`, leaderboardSchema);
  // The departments on this quarter's board (and mine): the ones a filter can find anyone in.
  const quarter = useApiResource('/api/v1/kudos/leaderboard?period=quarter', leaderboardSchema);
  const departments = [...new Set([...(myDepartment ? [myDepartment] : []), ...(quarter.status === 'ready' ? quarter.data.entries.flatMap((e) => (e.department ? [e.department] : [])) : [])])].sort();
  return (
    <>
      <div className={styles.filters}>
        <Field label={translate('tab.kudos.board.period')}>
          <Select value={period} onChange={(_, data) => setPeriod(data.value as (typeof PERIODS)[number])} data-testid="board-period">
            {PERIODS.map((p) => <option key={p} value={p}>{translate(`tab.kudos.board.${p}`)}</option>)}
          </Select>
        </Field>
        <Field label={translate('tab.kudos.board.badge')}>
          <Select value={badge} onChange={(_, data) => setBadge(data.value)} data-testid="board-badge">
            <option value="">{translate('tab.kudos.board.allBadges')}</option>
            {badges.map((b) => <option key={b.id} value={b.id}>{`${b.emoji} ${b.name}`}</option>)}
          </Select>
        </Field>
        <Field label={translate('tab.kudos.board.department')}>
          <Select value={department} onChange={(_, data) => setDepartment(data.value)} data-testid="board-department">
            <option value="">{translate('tab.kudos.board.allDepartments')}</option>
            {departments.map((d) => <option key={d} value={d}>{d}</option>)}
          </Select>
        </Field>
      </div>
      <Caption1 id={captionId} className={styles.note}>{translate('tab.kudos.board.fair')}</Caption1>
      <ResourceView resource={board}>
        {({ entries, key }) =>
          entries.length === 0 ? (
            <EmptyState text={translate('tab.kudos.board.empty', { key })} />
          ) : (
            <Table aria-describedby={captionId} aria-label={translate('tab.kudos.board.label', { key })} data-testid="leaderboard">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{translate('tab.kudos.board.rank')}</TableHeaderCell>
                  <TableHeaderCell>{translate('tab.kudos.board.person')}</TableHeaderCell>
                  <TableHeaderCell>{translate('tab.kudos.board.department')}</TableHeaderCell>
                  <TableHeaderCell>{translate('tab.kudos.board.senders')}</TableHeaderCell>
                  <TableHeaderCell>{translate('tab.kudos.board.kudos')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.map((entry) => (
                  <TableRow key={entry.userId}>
                    <TableCell>{entry.rank}</TableCell>
                    <TableCell>{entry.displayName}</TableCell>
                    <TableCell>{entry.department ?? ''}</TableCell>
                    <TableCell className={styles.number}>{entry.senders}</TableCell>
                    <TableCell className={styles.number}>{entry.kudos}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </ResourceView>
    </>
  );
}
