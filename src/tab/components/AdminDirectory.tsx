import { makeStyles, tokens } from '@fluentui/react-components';
import { conversationsSchema } from '../data/schemas';
import { useApiResource } from '../data/useApiResource';
import { useT } from '../i18n/LocaleContext';
import { EmptyState } from './EmptyState';
import { InstallationsTable } from './InstallationsTable';
import { AdminPeople } from './people/AdminPeople';
import { ResourceView } from './ResourceView';
import { ScrollRegion } from './ScrollRegion';
import { Section } from './Section';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
});

/** What an admin sees: the organisation's people and where Commons is installed. */
export function AdminDirectory() {
  const styles = useStyles();
  const translate = useT();
  const conversations = useApiResource('/api/v1/conversations', conversationsSchema);
  return (
    <div className={styles.root}>
      <Section title={translate('tab.admin.people')}>
        {(headingId) => <AdminPeople labelledBy={headingId} />}
      </Section>
      <Section title={translate('tab.admin.installations')}>
        {(headingId) => (
          <ResourceView resource={conversations}>
            {(data) =>
              data.conversations.length === 0 ? (
                <EmptyState text={translate('tab.admin.installations.empty')} />
              ) : (
                <ScrollRegion labelledBy={headingId}>
                  <InstallationsTable conversations={data.conversations} labelledBy={headingId} />
                </ScrollRegion>
              )
            }
          </ResourceView>
        )}
      </Section>
    </div>
  );
}
