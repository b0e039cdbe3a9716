import { useState, type ReactNode } from 'react';
import type { ZodType, ZodTypeDef } from 'zod';
import { useApi } from '../data/ApiContext';
import { describeError } from '../data/errorMessage';
import { useApiResource } from '../data/useApiResource';
import { useLocale } from '../i18n/LocaleContext';
import type { ActionResult } from './ResultBar';
import { ResourceView } from './ResourceView';
import { Section } from './Section';

type Schema<T> = ZodType<T, ZodTypeDef, unknown>;

/** A settings section of the Admin page: the stored settings loaded from `path` (spinner, error with retry), then the form for them. */
export function SettingsSection<T>({ title, testId, path, schema, children }: { title: string; testId: string; path: string; schema: Schema<T>; children: (stored: T) => ReactNode }) {
  const stored = useApiResource(path, schema);
  return <Section title={title} testId={testId}>{() => <ResourceView resource={stored}>{children}</ResourceView>}</Section>;
}

/**
 * Saving a settings form: `save` PUTs the body to `path`, busy meanwhile; `message` then
 * says what was saved (the text `onSaved` gives for the stored answer) or why it could not be.
 */
export function useSettingsSave<T>(path: string, schema: Schema<T>) {
  const api = useApi();
  const locale = useLocale();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ActionResult>();

  async function save(body: unknown, onSaved: (saved: T) => string) {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await api.put(path, body, schema);
      setMessage({ intent: 'success', text: onSaved(saved) });
    } catch (error) {
      setMessage({ intent: 'error', text: describeError(locale, error) });
    } finally {
      setBusy(false);
    }
  }

  return { busy, message, save };
}
