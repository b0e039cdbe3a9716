import { t } from '../../i18n';
import { hasMessage } from '../i18n/LocaleContext';
import { ApiError } from '../api';

/**
 * What a person sees when something fails: the catalog's words for the error code,
 * never a status, stack or raw server text. A bad request is the exception, because
 * the API words its validation detail for people: its message is already the
 * catalog's sentence for the request's locale ("The request is not valid: …"),
 * so it is shown as sent rather than wrapped in that sentence a second time.
 */
export function describeError(locale: string, error: unknown): string {
  if (!(error instanceof ApiError)) return t(locale, 'error.internal');
  if (error.code === 'bad_request' && error.serverMessage) return error.serverMessage;
  const key = `error.${error.code}`;
  return hasMessage(key) ? t(locale, key) : t(locale, 'error.internal');
}
