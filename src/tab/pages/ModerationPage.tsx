import { useState } from 'react';
import { Badge, Body1, Button, Caption1, Card, Checkbox, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { z } from 'zod';
import { EmptyState } from '../components/EmptyState';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { useApi } from '../data/ApiContext';
import { hasRole, useCurrentUser } from '../data/CurrentUserContext';
import { describeError } from '../data/errorMessage';
import { useApiResource } from '../data/useApiResource';
import { useLocale, useT } from '../i18n/LocaleContext';
import { MODERATION_ACTIONS, type ModerationAction } from '../../domain/moderation-queue';
import { REPORT_REASONS, type ReportReason } from '../../domain/reports';

const QUEUE = '/api/v1/moderation/queue';
const itemSchema = z.object({
  itemKey: z.string(),
  cause: z.enum(['reported', 'held']),
  kind: z.string(),
  author: z.object({ userId: z.string(), displayName: z.string() }),
  texts: z.array(z.string()),
  reporters: z.number().optional(),
  reasons: z.record(z.number()).optional(),
  matches: z.array(z.object({ rule: z.number(), term: z.string() })).optional(),
  state: z.string().optional(),
});
const queueSchema = z.object({ items: z.array(itemSchema) });
const decisionsSchema = z.object({ results: z.array(z.object({ itemKey: z.string(), outcome: z.string() })) });
type QueueItem = z.infer<typeof itemSchema>;

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '80ch' },
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  text: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
});

/** The moderation queue (#/moderation): reported and held items, decided one by one or in bulk. Moderators and admins. */
export function ModerationPage() {
  const translate = useT();
  const me = useCurrentUser();
  return (
    <Page title={translate('tab.queue.title')} testId="page-moderation">
      <ResourceView resource={me}>
        {(user) =>
          hasRole(user, 'moderator') ? (
            <Queue />
          ) : (
            <MessageBar intent="warning" data-testid="queue-forbidden">
              <MessageBarBody>{translate('tab.queue.forbidden')}</MessageBarBody>
            </MessageBar>
          )
        }
      </ResourceView>
    </Page>
  );
}

function Queue() {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const queue = useApiResource(QUEUE, queueSchema);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  async function decide(itemKeys: string[], action: ModerationAction) {
    setBusy(true);
    setMessage(undefined);
    try {
      const { results } = await api.post(`${QUEUE}/decisions`, { items: itemKeys.map((itemKey) => ({ itemKey, action })) }, decisionsSchema);
      const done = results.filter((r) => r.outcome === 'done').length;
      const waiting = results.filter((r) => r.outcome === 'not_publishable').length;
      setMessage({ intent: 'success', text: [translate('tab.queue.done', { count: done }), ...(waiting ? [translate('tab.queue.notPublishable', { count: waiting })] : [])].join(' ') });
      setSelected(new Set());
      queue.retry();
    } catch (error) {
      setMessage({ intent: 'error', text: describeError(locale, error) });
    } finally {
      setBusy(false);
    }
  }

  // What was held was never shown: it is approved (published) or removed, not hidden.
  const actionsFor = (item: QueueItem): readonly ModerationAction[] => (item.cause === 'held' ? ['approve', 'remove'] : MODERATION_ACTIONS);
  return (
    <ResourceView resource={queue}>
      {({ items }) => (
        <div className={styles.list}>
          {message && (
            <MessageBar intent={message.intent} role="status">
              <MessageBarBody>{message.text}</MessageBarBody>
            </MessageBar>
          )}
          {items.length === 0 ? (
            <EmptyState text={translate('tab.queue.empty')} />
          ) : (
            <div className={styles.row}>
              <Button disabled={busy || !selected.size} onClick={() => void decide([...selected], 'remove')} data-testid="queue-remove-selected">
                {translate('tab.queue.removeSelected', { count: selected.size })}
              </Button>
              <Button disabled={busy || !selected.size} onClick={() => void decide([...selected], 'approve')} data-testid="queue-approve-selected">
                {translate('tab.queue.approveSelected', { count: selected.size })}
              </Button>
            </div>
          )}
          {items.map((item) => (
            <Card key={item.itemKey} className={styles.card} data-testid="queue-item" role="article" aria-label={`${item.author.displayName}: ${item.texts[0] ?? ''}`.slice(0, 120)}>
              <div className={styles.row}>
                <Checkbox
                  checked={selected.has(item.itemKey)}
                  onChange={(_, data) => setSelected((current) => { const next = new Set(current); if (data.checked) next.add(item.itemKey); else next.delete(item.itemKey); return next; })}
                  label={translate('tab.queue.select')}
                />
                <Badge appearance="tint" color={item.cause === 'held' ? 'warning' : 'danger'}>{translate(item.cause === 'held' ? 'tab.queue.held' : 'tab.queue.reported')}</Badge>
                <Text weight="semibold">{item.author.displayName}</Text>
                <Caption1>{item.kind}{item.state && item.state !== 'published' ? ` · ${item.state}` : ''}</Caption1>
              </div>
              {item.texts.map((text, i) => <Body1 key={i} as="p" className={styles.text}>{text}</Body1>)}
              <Caption1>
                {item.cause === 'reported'
                  ? translate('tab.queue.reports', { count: item.reporters ?? 0, reasons: Object.entries(item.reasons ?? {}).map(([reason, n]) => `${REPORT_REASONS.includes(reason as ReportReason) ? translate(`report.reason.${reason as ReportReason}`) : reason} (${n})`).join(', ') })
                  : translate('tab.queue.matched', { terms: (item.matches ?? []).map((m) => `“${m.term}” (${m.rule})`).join(', ') })}
              </Caption1>
              <div className={styles.row}>
                {actionsFor(item).map((action) => (
                  <Button key={action} size="small" appearance={action === 'remove' ? 'primary' : 'secondary'} disabled={busy} onClick={() => void decide([item.itemKey], action)} data-testid={`queue-${action}`}>
                    {translate(`tab.queue.${action}`)}
                  </Button>
                ))}
              </div>
            </Card>
          ))}
        </div>
      )}
    </ResourceView>
  );
}
