import { Badge, Body1, Button, Caption1, Card, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { CommunityView } from '../../data/communitySchemas';
import { useT } from '../../i18n/LocaleContext';
import type { MessageKey } from '../../../i18n';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'row', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  cover: { width: '48px', height: '48px', borderRadius: tokens.borderRadiusMedium, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: '24px', flexShrink: 0 },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, flexGrow: 1, minWidth: 0 },
  title: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  meta: { color: tokens.colorNeutralForeground2 },
  description: { margin: 0, overflowWrap: 'anywhere' },
});

export const privacyKey = (privacy: string) => `tab.communities.privacy.${privacy}` as MessageKey;
export const standingKey = (standing: string) => `tab.communities.standing.${standing}` as MessageKey;

/** A community in a list: its cover, name, privacy, members, and the one thing to do next. */
export function CommunityTile({ community, onOpen }: { community: CommunityView; onOpen: (community: CommunityView) => void }) {
  const styles = useStyles();
  const translate = useT();
  return (
    <Card className={styles.card} data-testid="community-tile">
      <div className={styles.cover} style={{ backgroundColor: `${community.hex}33` }} aria-hidden="true">{community.emoji}</div>
      <div className={styles.text}>
        <div className={styles.title}>
          <Subtitle2 as="h3">{community.name}</Subtitle2>
          <Badge appearance="outline" color="informative">{translate(privacyKey(community.privacy))}</Badge>
          {community.archived && <Badge appearance="outline" color="subtle">{translate('tab.communities.archived')}</Badge>}
        </div>
        <Caption1 className={styles.meta}>
          {translate(community.memberCount === 1 ? 'tab.communities.members.one' : 'tab.communities.members.count', { count: community.memberCount })}
          {community.myStanding !== 'none' && ` · ${translate(standingKey(community.myStanding))}`}
        </Caption1>
        {community.description && <Body1 as="p" className={styles.description}>{community.description.slice(0, 240)}</Body1>}
      </div>
      <Button onClick={() => onOpen(community)} aria-label={translate('tab.communities.openNamed', { name: community.name })}>{translate('tab.communities.open')}</Button>
    </Card>
  );
}
