import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { flexShrink: 0, color: tokens.colorBrandForeground1 },
});

/** The Commons logo mark: three overlapping speech circles, drawn in the theme's brand colour. */
export function CommonsMark() {
  const styles = useStyles();
  return (
    <svg className={styles.root} width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
      <circle cx="10" cy="11" r="7" fill="currentColor" opacity="0.55" />
      <circle cx="18" cy="11" r="7" fill="currentColor" opacity="0.8" />
      <circle cx="14" cy="18" r="7" fill="currentColor" />
    </svg>
  );
}
