import { t } from '../i18n';
import { DomainError, errorText } from '../domain/errors';
import { adaptiveCard, AdaptiveCard } from './types';

/** What a person sees in Teams when an action fails: kind words, never internals. */
export function errorCard(locale: string | undefined, error?: DomainError): AdaptiveCard {
  const title = t(locale, 'card.error.title');
  const message = errorText(locale, error);
  return adaptiveCard({
    speak: `${title}. ${message}`,
    fallbackText: `${title}: ${message}`,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, color: 'Attention', style: 'heading' },
      { type: 'TextBlock', text: message, wrap: true },
    ],
  });
}
