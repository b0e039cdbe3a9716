import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { describeError } from '../data/errorMessage';
import { useLocale, useT } from '../i18n/LocaleContext';

export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const locale = useLocale();
  const translate = useT();
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error-state">
      <MessageBarBody>{translate('tab.error.load', { message: describeError(locale, error) })}</MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" size="small" onClick={onRetry} data-testid="retry">
          {translate('tab.retry')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
