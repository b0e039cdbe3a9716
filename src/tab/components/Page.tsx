import { useId, type ReactNode } from 'react';
import { Title3, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '880px',
    margin: '0 auto',
  },
  title: { margin: 0 },
});

/** One page of the tab: a labelled region with its heading. */
export function Page({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.root} aria-labelledby={headingId} data-testid={testId}>
      <Title3 as="h1" id={headingId} className={styles.title}>
        {title}
      </Title3>
      {children}
    </section>
  );
}
