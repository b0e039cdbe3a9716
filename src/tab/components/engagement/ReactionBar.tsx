import { useState } from 'react';
import { ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { reactionResultSchema, type ReactionResult } from '../../data/engagementSchemas';
import type { ReactionOption } from '../../data/schemas';
import { describeError } from '../../data/errorMessage';
import { useLocale, useT } from '../../i18n/LocaleContext';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/**
 * The tenant's reactions under a post, as on the card in Teams: one toggle each
 * (aria-pressed), named with its label and count; the same one again takes it back.
 * The answer carries the post's counts, which replace what was shown.
 */
export function ReactionBar({ postId, reactions, counts, mine, onChange }: { postId: string; reactions: readonly ReactionOption[]; counts: Record<string, number>; mine: string | null; onChange: (result: ReactionResult) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function react(type: string) {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await api.put(`/api/v1/posts/${encodeURIComponent(postId)}/reaction`, { reaction: type }, reactionResultSchema));
    } catch (failure) {
      setError(describeError(locale, failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className={styles.bar} role="group" aria-label={translate('tab.engagement.reactions')} data-testid="reaction-bar">
      {reactions.map((option) => {
        const count = counts[option.type] ?? 0;
        return (
          <ToggleButton
            key={option.type}
            size="small"
            appearance="subtle"
            checked={mine === option.type}
            disabled={busy}
            onClick={() => void react(option.type)}
            aria-label={translate('tab.engagement.reactName', { label: option.label, count: count.toLocaleString(locale) })}
            data-testid={`react-${option.type}`}
          >
            <span aria-hidden="true">{option.emoji}</span>
            {count > 0 && <span>&nbsp;{count.toLocaleString(locale)}</span>}
          </ToggleButton>
        );
      })}
      {error && (
        <span role="alert" className={styles.error} data-testid="reaction-error">
          {error}
        </span>
      )}
    </div>
  );
}
