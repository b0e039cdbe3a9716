import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { t, type MessageKey } from '../../i18n';

/**
 * The user's locale as the host reports it (Teams `app.locale`, or the browser's
 * language outside Teams). Kept raw, e.g. "en-GB", so Intl formatting follows it
 * even when the catalog falls back to "en".
 */
const LocaleContext = createContext<string>('en');

export function LocaleProvider({ locale, children }: { locale: string; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): string {
  return useContext(LocaleContext);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function useT(): Translate {
  const locale = useLocale();
  return useCallback<Translate>((key, params) => t(locale, key, params), [locale]);
}

/** Looks up a key built at run time (e.g. from a role or error code) and says whether the catalog has it. */
export function hasMessage(key: string): key is MessageKey {
  return t('en', key as MessageKey) !== key;
}
