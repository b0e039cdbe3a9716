import type { MessageKey } from '../../i18n';
import type { Translate } from './LocaleContext';

/**
 * The catalog has no plural syntax, so a countable message has a `.one` variant
 * next to its general form ("1 reaction" / "3 reactions"), chosen by the locale's rules.
 */
export function countMessage(
  translate: Translate,
  locale: string,
  key: MessageKey,
  oneKey: MessageKey,
  count: number,
): string {
  const category = new Intl.PluralRules(locale).select(count);
  return translate(category === 'one' ? oneKey : key, { count: count.toLocaleString(locale) });
}
