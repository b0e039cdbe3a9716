import { MessageKey, t } from '../i18n';

/**
 * A failure a person can act on. The code maps to an HTTP status in the API and to
 * an error card in Teams; the message key picks the words from the catalog.
 */
export type DomainErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'tenant_not_allowed'
  | 'not_found'
  | 'conflict'
  /** A write the tenant's community guidelines stop until the person accepts the current version. */
  | 'guidelines_required'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

const DEFAULT_MESSAGES: Record<DomainErrorCode, MessageKey> = {
  bad_request: 'error.bad_request',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  tenant_not_allowed: 'error.tenant_not_allowed',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  guidelines_required: 'error.guidelines.required',
  too_large: 'error.too_large',
  rate_limited: 'error.rate_limited',
  unavailable: 'error.unavailable',
};

export class DomainError extends Error {
  readonly messageKey: MessageKey;
  constructor(
    readonly code: DomainErrorCode,
    readonly detail?: string,
    messageKey?: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'DomainError';
    this.messageKey = messageKey ?? DEFAULT_MESSAGES[code];
  }
}

/**
 * The words a person reads for a failure, in their language: a domain error's own
 * message, anything else the kind "something went wrong" (internals only in the log).
 * The one place an error becomes text, for the API, the bot's cards, dialogs and chat.
 */
export function errorText(locale: string | undefined, error?: unknown): string {
  if (!(error instanceof DomainError)) return t(locale, 'error.internal');
  return t(locale, error.messageKey, { detail: error.detail ?? '', ...error.params });
}
