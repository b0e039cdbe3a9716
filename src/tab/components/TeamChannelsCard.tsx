import { useId } from 'react';
import { Avatar, Caption1, Card, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { TeamChannels } from '../data/channelsByTeam';
import { useLocale, useT } from '../i18n/LocaleContext';
import { formatDate } from '../text/dateFormat';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  title: { margin: 0 },
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column' },
  channel: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} 0`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  added: { color: tokens.colorNeutralForeground3 },
});

export function TeamChannelsCard({ team }: { team: TeamChannels }) {
  const styles = useStyles();
  const locale = useLocale();
  const translate = useT();
  const headingId = useId();
  const teamName = team.teamName ?? translate('tab.communities.unnamedTeam');
  return (
    <Card className={styles.card} data-testid="team-card" aria-labelledby={headingId} role="group">
      <div className={styles.heading}>
        <Avatar name={teamName} shape="square" color="colorful" size={32} />
        <Subtitle2 as="h2" id={headingId} className={styles.title}>
          {teamName}
        </Subtitle2>
      </div>
      <ul className={styles.list}>
        {team.channels.map((channel) => (
          <li key={channel.conversationId} className={styles.channel} data-testid="channel-item">
            <Text weight="semibold">{channel.channelName ?? translate('tab.communities.unnamedChannel')}</Text>
            {channel.installedAt && (
              <Caption1 className={styles.added}>
                {translate('tab.communities.installedOn', { date: formatDate(channel.installedAt, locale) })}
              </Caption1>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
