import { useId } from 'react';
import { Button, Caption1, Card, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactionOption } from '../../data/schemas';
import { useT } from '../../i18n/LocaleContext';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalS },
  heading: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  title: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  hint: { color: tokens.colorNeutralForeground3 },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  // The post card's reaction buttons show only the emoji (src/cards/post.ts); the label is the tooltip.
  button: { minWidth: '48px', fontSize: tokens.fontSizeBase400 },
});

/** The reaction buttons as cards will show them, from the unsaved set. */
export function ReactionPreview({
  reactions,
  nameOf,
}: {
  reactions: ReactionOption[];
  nameOf: (option: ReactionOption, index: number) => string;
}) {
  const styles = useStyles();
  const translate = useT();
  const hintId = useId();
  return (
    <Card className={styles.card} appearance="outline" data-testid="reaction-preview">
      <div className={styles.heading}>
        <Caption1 className={styles.title}>{translate('tab.admin.reactions.preview')}</Caption1>
        <Caption1 id={hintId} className={styles.hint}>
          {translate('tab.admin.reactions.preview.hint')}
        </Caption1>
      </div>
      <div className={styles.buttons} role="group" aria-label={translate('tab.admin.reactions.preview.label')} aria-describedby={hintId}>
        {reactions.map((option, index) => (
          <Tooltip key={index} content={nameOf(option, index)} relationship="label" withArrow>
            <Button className={styles.button} data-testid="reaction-preview-button">
              {option.emoji.trim() || '\u00a0'}
            </Button>
          </Tooltip>
        ))}
      </div>
    </Card>
  );
}
