import { makeStyles, tokens } from '@fluentui/react-components';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

const useStyles = makeStyles({
  root: { minHeight: '100vh', padding: tokens.spacingHorizontalL, boxSizing: 'border-box', backgroundColor: tokens.colorNeutralBackground3 },
});

/** Before the host is known: a spinner, or the start-up error with a retry. */
export function StartupState({ failure, onRetry }: { failure?: { error: unknown }; onRetry: () => void }) {
  const styles = useStyles();
  return (
    <main className={styles.root} data-testid="startup">
      {failure ? <ErrorState error={failure.error} onRetry={onRetry} /> : <LoadingState />}
    </main>
  );
}
