import { Body1, makeStyles, tokens } from '@fluentui/react-components';
import { EmptyState } from '../components/EmptyState';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { TeamChannelsCard } from '../components/TeamChannelsCard';
import { channelsByTeam } from '../data/channelsByTeam';
import { conversationsSchema } from '../data/schemas';
import { useApiResource } from '../data/useApiResource';
import { useLocale, useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  teams: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function CommunitiesPage() {
  const styles = useStyles();
  const locale = useLocale();
  const translate = useT();
  const conversations = useApiResource('/api/v1/conversations', conversationsSchema);
  return (
    <Page title={translate('tab.communities.title')} testId="page-communities">
      <Body1 as="p" className={styles.intro} data-testid="coming-soon">
        {translate('tab.communities.comingSoon')}
      </Body1>
      <ResourceView resource={conversations}>
        {(data) => {
          const teams = channelsByTeam(data.conversations, locale);
          if (teams.length === 0) return <EmptyState text={translate('tab.communities.empty')} />;
          return (
            <div className={styles.teams}>
              {teams.map((team) => (
                <TeamChannelsCard key={team.teamName ?? ''} team={team} />
              ))}
            </div>
          );
        }}
      </ResourceView>
    </Page>
  );
}
