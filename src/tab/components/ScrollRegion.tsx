import type { ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    overflowX: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
});

/**
 * Tables keep their columns on a 320 px phone and scroll sideways instead. The region
 * is focusable so keyboard users can scroll it too.
 */
export function ScrollRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
