import { MessageBar, MessageBarBody } from '@fluentui/react-components';

export interface ActionResult {
  intent: 'success' | 'error';
  text: string;
}

/** What an action just did, or why it could not: one message under the buttons. */
export function ResultBar({ result, testId }: { result?: ActionResult; testId: string }) {
  if (!result) return null;
  return (
    <MessageBar intent={result.intent} data-testid={testId}>
      <MessageBarBody>{result.text}</MessageBarBody>
    </MessageBar>
  );
}
