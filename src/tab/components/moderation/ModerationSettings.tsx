import { useState } from 'react';
import { Button, Field, Input, MessageBar, MessageBarBody, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { z } from 'zod';
import { ApiError } from '../../api';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { WORD_LIST_ACTIONS, WORD_LIST_KINDS, type WordListEntry } from '../../../domain/word-list';
import { ResourceView } from '../ResourceView';
import { Section } from '../Section';

const SETTINGS = '/api/v1/settings/moderation';
const WORD_LIST = '/api/v1/settings/word-list';
const settingsSchema = z.object({ reportThreshold: z.number().int() });
const wordListSchema = z.object({ entries: z.array(z.object({ kind: z.enum(WORD_LIST_KINDS), pattern: z.string(), action: z.enum(WORD_LIST_ACTIONS) })) });

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '70ch' },
  list: { fontFamily: tokens.fontFamilyMonospace },
});

/** One entry a line, "<action> <kind> <text>": what admins type and what the list shows. */
export const entryLine = (entry: WordListEntry) => `${entry.action} ${entry.kind} ${entry.pattern}`;

/**
 * Parses the text box into entries, keeping each entry's line in the box so the
 * server's "line N" (an entry's place in the list) can name the line the admin sees.
 */
export function parseWordList(text: string): { entries: WordListEntry[]; lines: number[] } | { badLine: number } {
  const entries: WordListEntry[] = [];
  const lines: number[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    if (!raw.trim()) continue;
    const match = /^\s*(\S+)\s+(\S+)\s+(.+)$/.exec(raw);
    const action = match?.[1].toLowerCase() as WordListEntry['action'];
    const kind = match?.[2].toLowerCase() as WordListEntry['kind'];
    if (!match || !WORD_LIST_ACTIONS.includes(action) || !WORD_LIST_KINDS.includes(kind)) return { badLine: index + 1 };
    entries.push({ action, kind, pattern: kind === 'regex' ? match[3].trim() : match[3] });
    lines.push(index + 1);
  }
  return { entries, lines };
}

/** The Admin page's "Moderation" section: the report threshold and the word list. */
export function ModerationSettings() {
  const translate = useT();
  const settings = useApiResource(SETTINGS, settingsSchema);
  const wordList = useApiResource(WORD_LIST, wordListSchema);
  return (
    <Section title={translate('tab.moderation.title')} testId="moderation-settings">
      {() => (
        <ResourceView resource={settings}>
          {(stored) => <ResourceView resource={wordList}>{(list) => <ModerationForm threshold={stored.reportThreshold} entries={list.entries} />}</ResourceView>}
        </ResourceView>
      )}
    </Section>
  );
}

function ModerationForm({ threshold: storedThreshold, entries }: { threshold: number; entries: WordListEntry[] }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [threshold, setThreshold] = useState(String(storedThreshold));
  const [text, setText] = useState(entries.map(entryLine).join('\n'));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  async function save() {
    setBusy(true);
    setMessage(undefined);
    const parsed = parseWordList(text);
    try {
      if ('badLine' in parsed) throw new Error(translate('tab.moderation.wordList.badLine', { line: parsed.badLine }));
      await api.put(SETTINGS, { reportThreshold: Number(threshold) }, settingsSchema);
      try {
        const saved = await api.put(WORD_LIST, { entries: parsed.entries }, wordListSchema);
        setText(saved.entries.map(entryLine).join('\n'));
      } catch (error) {
        // The server numbers entries; the admin sees lines (blank ones included).
        throw new Error(describeError(locale, error).replace(/line (\d+)/i, (_, n: string) => `line ${parsed.lines[Number(n) - 1] ?? n}`));
      }
      setMessage({ intent: 'success', text: translate('tab.moderation.saved') });
    } catch (error) {
      setMessage({ intent: 'error', text: error instanceof ApiError ? describeError(locale, error) : (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.column}>
      <Field label={translate('tab.moderation.threshold')}>
        <Input type="number" min={1} max={100} value={threshold} onChange={(_, data) => setThreshold(data.value)} data-testid="report-threshold" />
      </Field>
      <Field label={translate('tab.moderation.wordList')} hint={translate('tab.moderation.wordList.help')}>
        <Textarea className={styles.list} value={text} onChange={(_, data) => setText(data.value)} rows={8} resize="vertical" data-testid="word-list" />
      </Field>
      <div>
        <Button appearance="primary" onClick={() => void save()} disabled={busy} data-testid="moderation-save">{translate('tab.moderation.save')}</Button>
      </div>
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
