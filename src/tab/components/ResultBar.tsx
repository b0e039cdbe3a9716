import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ApiError } from '../api';

export interface ActionResult {
  intent: 'success' | 'error';
  text: string;
}

/** Why an action failed, in the server's words when it gave them. */
export const failureOf = (error: unknown): ActionResult => ({ intent: 'error', text: (error as ApiError).serverMessage ?? (error as Error).message });

/** What an action just did, or why it could not: one message under the buttons. */
export function ResultBar({ result, testId }: { result?: ActionResult; testId: string }) {
  if (!result) return null;
  return (
    <MessageBar intent={result.intent} data-testid={testId}>
      <MessageBarBody>{result.text}</MessageBarBody>
    </MessageBar>
  );
}
