import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from '@fluentui/react-components';
import type { Conversation } from '../data/schemas';
import { useLocale, useT, type Translate } from '../i18n/LocaleContext';
import { formatDate } from '../text/dateFormat';

const useStyles = makeStyles({
  // Columns size to their content; the scroll region takes over below this width.
  table: { minWidth: '600px', tableLayout: 'auto' },
});

const NOT_SET = '—';

function kindLabel(translate: Translate, kind: Conversation['kind']): string {
  const labels = {
    channel: translate('tab.admin.kind.channel'),
    groupChat: translate('tab.admin.kind.groupChat'),
    personal: translate('tab.admin.kind.personal'),
  } satisfies Record<Conversation['kind'], string>;
  return labels[kind];
}

export function InstallationsTable({ conversations, labelledBy }: { conversations: Conversation[]; labelledBy: string }) {
  const styles = useStyles();
  const locale = useLocale();
  const translate = useT();
  return (
    <Table className={styles.table} aria-labelledby={labelledBy} data-testid="installations-table" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{translate('tab.admin.column.kind')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.admin.column.team')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.admin.column.channel')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.admin.column.status')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.admin.column.installedAt')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {conversations.map((conversation, index) => (
          <TableRow key={conversation.conversationId ?? `person-${conversation.userId ?? index}`} data-testid="installation-row">
            <TableCell>{kindLabel(translate, conversation.kind)}</TableCell>
            <TableCell>{conversation.teamName ?? NOT_SET}</TableCell>
            <TableCell>{conversation.channelName ?? NOT_SET}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={conversation.active ? 'success' : 'subtle'}>
                {translate(conversation.active ? 'tab.admin.status.active' : 'tab.admin.status.removed')}
              </Badge>
            </TableCell>
            <TableCell>{conversation.installedAt ? formatDate(conversation.installedAt, locale) : NOT_SET}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
