import { useState } from 'react';
import { Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { KudosList } from '../components/kudos/KudosList';
import { KudosSettingsEditor } from '../components/kudos/KudosSettingsEditor';
import { KudosNoticeTally } from '../components/kudos/KudosNoticeTally';
import { Leaderboards } from '../components/kudos/Leaderboards';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { Section } from '../components/Section';
import { hasRole, useCurrentUser } from '../data/CurrentUserContext';
import { kudosSettingsSchema, type KudosSettingsView } from '../data/kudosSchemas';
import { useApiResource } from '../data/useApiResource';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({ panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

type View = 'wall' | 'mine' | 'boards' | 'settings';
const WALLS = ['tenant', 'team', 'department'] as const;

/** Kudos: the wall (everyone, my team, my department), my kudos, fair leaderboards, and the admins' settings. */
export function KudosPage() {
  const translate = useT();
  const styles = useStyles();
  const me = useCurrentUser();
  const settings = useApiResource('/api/v1/kudos/settings', kudosSettingsSchema);
  const [view, setView] = useState<View>('wall');
  const [wall, setWall] = useState<(typeof WALLS)[number]>('tenant');
  const [direction, setDirection] = useState<'received' | 'given'>('received');
  const [edited, setEdited] = useState<KudosSettingsView>();
  const isAdmin = me.status === 'ready' && hasRole(me.data, 'admin');
  const views: View[] = ['wall', 'mine', 'boards', ...(isAdmin ? (['settings'] as const) : [])];
  return (
    <Page title={translate('tab.kudos.title')} testId="page-kudos">
      <TabList selectedValue={view} onTabSelect={(_, data) => setView(data.value as View)} aria-label={translate('tab.kudos.views')}>
        {views.map((v) => <Tab key={v} value={v} data-testid={`kudos-view-${v}`}>{translate(`tab.kudos.view.${v}`)}</Tab>)}
      </TabList>
      <div className={styles.panel} role="tabpanel" aria-label={translate(`tab.kudos.view.${view}`)}>
        {view === 'wall' && (
          <>
            <TabList size="small" selectedValue={wall} onTabSelect={(_, data) => setWall(data.value as (typeof WALLS)[number])} aria-label={translate('tab.kudos.wallScope')}>
              {WALLS.map((w) => <Tab key={w} value={w} data-testid={`kudos-wall-${w}`}>{translate(`tab.kudos.wall.${w}`)}</Tab>)}
            </TabList>
            <KudosList path={`/api/v1/kudos/wall?scope=${wall}`} emptyText={translate('tab.kudos.empty')} label={translate(`tab.kudos.wall.${wall}`)} />
          </>
        )}
        {view === 'mine' && (
          <>
            <TabList size="small" selectedValue={direction} onTabSelect={(_, data) => setDirection(data.value as 'received' | 'given')} aria-label={translate('tab.kudos.view.mine')}>
              <Tab value="received">{translate('tab.kudos.received')}</Tab>
              <Tab value="given">{translate('tab.kudos.given')}</Tab>
            </TabList>
            <KudosList path={`/api/v1/kudos/mine?direction=${direction}`} emptyText={translate(direction === 'received' ? 'tab.kudos.emptyReceived' : 'tab.kudos.emptyGiven')} label={translate(direction === 'received' ? 'tab.kudos.received' : 'tab.kudos.given')} />
          </>
        )}
        {view === 'boards' && (
          <ResourceView resource={settings}>
            {(data) => <Leaderboards badges={(edited ?? data).badges} myDepartment={me.status === 'ready' ? me.data.department : undefined} />}
          </ResourceView>
        )}
        {view === 'settings' && isAdmin && (
          <Section title={translate('tab.kudos.settings.title')}>
            {() => (
              <>
                <ResourceView resource={settings}>{(data) => <KudosSettingsEditor stored={edited ?? data} onSaved={setEdited} />}</ResourceView>
                <KudosNoticeTally />
              </>
            )}
          </Section>
        )}
      </div>
    </Page>
  );
}
