import { Body1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { MarkdownText } from '../MarkdownText';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** The guidelines' Markdown: `#` lines as headings, other paragraphs with the posts' safe subset. */
export function GuidelinesText({ markdown }: { markdown: string }) {
  const styles = useStyles();
  const paragraphs = markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/).filter((p) => p.trim());
  return (
    <div className={styles.root} data-testid="guidelines-text">
      {paragraphs.flatMap((paragraph, index) => {
        const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(paragraph.split('\n')[0]);
        if (!heading) return [<Body1 as="p" key={index}><MarkdownText source={paragraph} /></Body1>];
        const rest = paragraph.split('\n').slice(1).join('\n').trim();
        return [
          <Subtitle2 as="h3" key={`${index}h`}>{heading[1]}</Subtitle2>,
          ...(rest ? [<Body1 as="p" key={`${index}p`}><MarkdownText source={rest} /></Body1>] : []),
        ];
      })}
    </div>
  );
}
