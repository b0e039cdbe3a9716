import { useEffect, useRef } from 'react';
import { AdaptiveCard, HostConfig } from 'adaptivecards';
import { makeStyles, tokens } from '@fluentui/react-components';
import { announcementCard, type AnnouncementCardInput } from '../../../cards/announcement';
import type { ThemeName } from '../../host/theme';
import { cardMarkdownToHtml } from './cardMarkdown';

AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = cardMarkdownToHtml(text);
  result.didProcess = true;
};

/** Colours close to Teams' own card rendering, per theme, with readable contrast. */
function hostConfig(theme: ThemeName): HostConfig {
  const dark = theme !== 'light';
  const text = (normal: string, subtle: string) => ({ default: normal, subtle });
  const foreground = dark
    ? { default: text('#FFFFFF', '#D6D6D6'), accent: text('#A6A7DC', '#A6A7DC'), attention: text('#F9A1A4', '#F9A1A4'), good: text('#92C353', '#92C353'), warning: text('#F8D22A', '#F8D22A'), light: text('#FFFFFF', '#D6D6D6'), dark: text('#FFFFFF', '#D6D6D6') }
    : { default: text('#242424', '#484644'), accent: text('#4F52B2', '#4F52B2'), attention: text('#A4262C', '#A4262C'), good: text('#0B6A0B', '#0B6A0B'), warning: text('#835B00', '#835B00'), light: text('#242424', '#484644'), dark: text('#242424', '#484644') };
  const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: foreground });
  return new HostConfig({
    fontFamily: 'Segoe UI, system-ui, sans-serif',
    containerStyles: dark
      ? { default: style('#292929'), emphasis: style('#1F1F1F'), attention: style('#3E1F25'), good: style('#0D2E0D'), warning: style('#463100'), accent: style('#2F2F4A') }
      : { default: style('#FFFFFF'), emphasis: style('#F5F5F5'), attention: style('#FDF3F4'), good: style('#F1FAF1'), warning: style('#FFF9F5'), accent: style('#F0F0FA') },
    actions: { maxActions: 8, actionsOrientation: 'horizontal', buttonSpacing: 8 },
  });
}

/** The Fluent theme around the preview, from its background token: Teams' light one is white. */
function themeOf(element: HTMLElement): ThemeName {
  const background = getComputedStyle(element).getPropertyValue('--colorNeutralBackground1').trim().toLowerCase();
  if (background === '#ffffff' || background === '#fff' || background === '') return 'light';
  return background === '#000000' || background === '#000' ? 'contrast' : 'dark';
}

const useStyles = makeStyles({
  frame: {
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    overflow: 'hidden',
    '& .ac-pushButton': { padding: '4px 10px', borderRadius: '4px', cursor: 'pointer' },
    '& a': { color: 'inherit', textDecoration: 'underline' },
  },
});

/**
 * The card employees will get, built by the bot's own builder and drawn by the
 * Adaptive Cards renderer. Buttons do nothing here: it is a preview.
 */
export function CardPreview({ input, label }: { input: AnnouncementCardInput; label: string }) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const card = new AdaptiveCard();
    card.hostConfig = hostConfig(host.current ? themeOf(host.current) : 'light');
    card.onExecuteAction = () => undefined;
    card.parse(announcementCard(input));
    const rendered = card.render();
    // The renderer marks "heading" text blocks role=heading without a level; Teams shows them as level 3.
    rendered?.querySelectorAll('[role="heading"]:not([aria-level])').forEach((heading) => heading.setAttribute('aria-level', '3'));
    host.current?.replaceChildren(...(rendered ? [rendered] : []));
  }, [input]);
  return <div ref={host} className={styles.frame} role="region" aria-label={label} data-testid="studio-preview" />;
}
