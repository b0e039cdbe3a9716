import { useId, useRef } from 'react';
import { Button, Checkbox, Field, Input, Radio, RadioGroup, SpinButton, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { DraftContent } from '../../data/studio';
import { useT } from '../../i18n/LocaleContext';
import { MarkdownToolbar } from './MarkdownToolbar';

const BUTTONS_MAX = 6;

const useStyles = makeStyles({
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flex: '1 1 12rem' },
});

/** Title, message with its toolbar, image, buttons, importance, acknowledgement and kind: each with a visible label. */
export function ComposeFields({ content, onChange, errors }: { content: DraftContent; onChange: (next: DraftContent) => void; errors: Record<string, string> }) {
  const styles = useStyles();
  const translate = useT();
  const body = useRef<HTMLTextAreaElement>(null);
  const kindLabel = useId();
  const set = (patch: Partial<DraftContent>) => onChange({ ...content, ...patch });
  const buttons = content.buttons ?? [];
  const setButton = (index: number, patch: Partial<{ title: string; url: string }>) => set({ buttons: buttons.map((b, i) => (i === index ? { ...b, ...patch } : b)) });

  return (
    <div className={styles.fields}>
      <Field label={translate('tab.studio.field.title')} required validationMessage={errors.title}>
        <Input value={content.title ?? ''} onChange={(_, d) => set({ title: d.value })} data-testid="studio-title" maxLength={200} />
      </Field>
      <Field label={translate('tab.studio.field.message')} required validationMessage={errors.body} hint={translate('tab.studio.field.messageHint')}>
        <div>
          <MarkdownToolbar target={() => body.current} onChange={(text) => set({ body: text })} />
          <Textarea ref={body} style={{ width: '100%' }} value={content.body ?? ''} onChange={(_, d) => set({ body: d.value })} resize="vertical" rows={7} data-testid="studio-body" maxLength={4000} />
        </div>
      </Field>
      <div className={styles.row}>
        <Field className={styles.grow} label={translate('tab.studio.field.imageUrl')} validationMessage={errors['image.url']}>
          <Input type="url" value={content.image?.url ?? ''} placeholder="https://" onChange={(_, d) => set({ image: d.value || content.image?.alt ? { url: d.value, alt: content.image?.alt ?? '' } : undefined })} data-testid="studio-image-url" />
        </Field>
        <Field className={styles.grow} label={translate('tab.studio.field.imageAlt')} required={!!content.image?.url} validationMessage={errors['image.alt']}>
          <Input value={content.image?.alt ?? ''} onChange={(_, d) => set({ image: { url: content.image?.url ?? '', alt: d.value } })} data-testid="studio-image-alt" />
        </Field>
      </div>
      {buttons.map((button, index) => (
        <div className={styles.row} key={index}>
          <Field className={styles.grow} label={translate('tab.studio.field.buttonTitle', { n: index + 1 })}>
            <Input value={button.title} onChange={(_, d) => setButton(index, { title: d.value })} maxLength={40} />
          </Field>
          <Field className={styles.grow} label={translate('tab.studio.field.buttonUrl', { n: index + 1 })} validationMessage={errors[`buttons.${index}.url`]}>
            <Input type="url" value={button.url} placeholder="https://" onChange={(_, d) => setButton(index, { url: d.value })} />
          </Field>
          <Button onClick={() => set({ buttons: buttons.filter((_, i) => i !== index) })}>{translate('tab.studio.removeButton')}</Button>
        </div>
      ))}
      {buttons.length < BUTTONS_MAX && (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => set({ buttons: [...buttons, { title: '', url: '' }] })} data-testid="studio-add-button">
          {translate('tab.studio.addButton')}
        </Button>
      )}
      <div className={styles.row}>
        <Field label={translate('tab.studio.field.importance')}>
          <RadioGroup layout="horizontal" value={content.importance ?? 'normal'} onChange={(_, d) => set({ importance: d.value as 'normal' | 'important', pinDays: d.value === 'important' ? content.pinDays ?? 3 : undefined })}>
            <Radio value="normal" label={translate('tab.studio.importance.normal')} />
            <Radio value="important" label={translate('tab.studio.importance.important')} />
          </RadioGroup>
        </Field>
        {content.importance === 'important' && (
          <Field label={translate('tab.studio.field.pinDays')}>
            <SpinButton min={1} max={30} value={content.pinDays ?? 3} onChange={(_, d) => set({ pinDays: d.value ?? (Number(d.displayValue) || 1) })} />
          </Field>
        )}
      </div>
      <div className={styles.row}>
        <Field label={translate('tab.studio.field.kind')} id={kindLabel}>
          <RadioGroup layout="horizontal" value={content.kind ?? 'announcement'} onChange={(_, d) => set({ kind: d.value as 'announcement' | 'update' })}>
            <Radio value="announcement" label={translate('tab.studio.kind.announcement')} />
            <Radio value="update" label={translate('tab.studio.kind.update')} />
          </RadioGroup>
        </Field>
        <Checkbox checked={!!content.acknowledge} onChange={(_, d) => set({ acknowledge: !!d.checked })} label={translate('tab.studio.field.acknowledge')} data-testid="studio-ack" />
      </div>
    </div>
  );
}
