import { Body1, Card, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL },
  text: { color: tokens.colorNeutralForeground2 },
});

export function ComingSoon({ text }: { text: string }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} data-testid="coming-soon">
      <Body1 className={styles.text}>{text}</Body1>
    </Card>
  );
}
