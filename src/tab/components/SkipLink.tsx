import type { RefObject } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  root: {
    position: 'absolute',
    left: tokens.spacingHorizontalS,
    top: '-100px',
    zIndex: 1,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForeground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow8,
    ':focus': { top: tokens.spacingVerticalS, outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
});

/** First stop for keyboard users. It moves focus itself because a #fragment link would change the route. */
export function SkipLink({ target }: { target: RefObject<HTMLElement> }) {
  const styles = useStyles();
  const translate = useT();
  return (
    <a
      className={styles.root}
      href={window.location.hash}
      onClick={(event) => {
        event.preventDefault();
        target.current?.focus();
      }}
    >
      {translate('tab.skipToContent')}
    </a>
  );
}
