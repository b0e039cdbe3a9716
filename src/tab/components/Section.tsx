import { useId, type ReactNode } from 'react';
import { Subtitle2, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  title: { margin: 0 },
});

/** A headed part of a page; children receive the heading's id to label what they render. */
export function Section({
  title,
  testId,
  children,
}: {
  title: string;
  testId?: string;
  children: (headingId: string) => ReactNode;
}) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.root} aria-labelledby={headingId} data-testid={testId}>
      <Subtitle2 as="h2" id={headingId} className={styles.title}>
        {title}
      </Subtitle2>
      {children(headingId)}
    </section>
  );
}
