import en from './en.json';

/**
 * One catalog per locale; adding a language is adding `<locale>.json` here and to
 * CATALOGS. Lookups fall back from "fr-CA" to "fr" to English, key by key.
 */
export type MessageKey = keyof typeof en;
type Catalog = Partial<Record<MessageKey, string>>;

const CATALOGS: Record<string, Catalog> = { en };

export const DEFAULT_LOCALE = 'en';

export function supportedLocales(): string[] {
  return Object.keys(CATALOGS);
}

/** Picks the best catalog we have for a Teams/BCP-47 locale such as "en-US" or "fr-fr". */
export function resolveLocale(locale: string | undefined | null): string {
  if (!locale) return DEFAULT_LOCALE;
  const normalised = locale.toLowerCase();
  if (CATALOGS[normalised]) return normalised;
  const language = normalised.split(/[-_]/)[0];
  return CATALOGS[language] ? language : DEFAULT_LOCALE;
}

export function t(locale: string | undefined, key: MessageKey, params: Record<string, string | number> = {}): string {
  const catalog = CATALOGS[resolveLocale(locale)];
  const template = catalog[key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
