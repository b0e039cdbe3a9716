import { Body1, Caption1, Card, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { KudosView } from '../../data/kudosSchemas';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { countMessage } from '../../i18n/plural';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles({
  card: { padding: 0, gap: 0, overflow: 'hidden' },
  band: { height: '8px' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  emoji: { fontSize: '32px', lineHeight: '40px' },
  badgeName: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  label: { color: tokens.colorNeutralForeground3 },
  message: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  meta: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground3 },
});

/** One kudos on the wall: the same parts as its card in Teams (badge band, emoji and name, recipients, message, sender, time). */
export function KudosCard({ kudos }: { kudos: KudosView }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const names = kudos.recipients.map((r) => r.displayName).join(', ');
  return (
    <Card className={styles.card} data-testid="kudos-card" role="article" aria-label={translate('tab.kudos.cardLabel', { badge: kudos.badge.name, names })}>
      <div className={styles.band} style={{ backgroundColor: kudos.badge.hex }} aria-hidden="true" />
      <div className={styles.content}>
        <div className={styles.header}>
          <span className={styles.emoji} aria-hidden="true">{kudos.badge.emoji}</span>
          <div>
            <Caption1 className={styles.label}>{translate('card.kudos.label')}</Caption1>
            <h3 className={styles.badgeName}>{kudos.badge.name}</h3>
          </div>
        </div>
        <Text weight="semibold" data-testid="kudos-recipients">{translate('card.kudos.to', { names })}</Text>
        <Body1 as="p" className={styles.message}>{kudos.message}</Body1>
        <Caption1 className={styles.meta}>
          <span>{translate('card.kudos.from', { name: kudos.sender.displayName })}</span>
          <span aria-hidden="true">·</span>
          <RelativeTime iso={kudos.createdAt} />
          {kudos.private && <span>· {translate('card.kudos.private')}</span>}
        </Caption1>
        <Caption1 className={styles.meta}>
          {kudos.joiners.length > 0 && <span data-testid="kudos-joiners">{translate('tab.kudos.joiners', { count: kudos.joiners.length })}</span>}
          <span>{countMessage(translate, locale, 'tab.feed.reactions', 'tab.feed.reactions.one', kudos.reactionCount)}</span>
          <span>{countMessage(translate, locale, 'tab.feed.comments', 'tab.feed.comments.one', kudos.commentCount)}</span>
        </Caption1>
      </div>
    </Card>
  );
}
