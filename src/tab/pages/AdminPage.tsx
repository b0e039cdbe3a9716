import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { AdminDirectory } from '../components/AdminDirectory';
import { DeliverySettings } from '../components/DeliverySettings';
import { ReachReport } from '../components/ReachReport';
import { GuidelinesSettings } from '../components/guidelines/GuidelinesSettings';
import { ModerationSettings } from '../components/moderation/ModerationSettings';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { ReactionSettings } from '../components/reactions/ReactionSettings';
import { PrivacySection } from '../components/privacy/PrivacySection';
import { hasRole, useCurrentUser } from '../data/CurrentUserContext';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  sections: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
});

export function AdminPage() {
  const styles = useStyles();
  const translate = useT();
  const me = useCurrentUser();
  return (
    <Page title={translate('tab.admin.title')} testId="page-admin">
      <ResourceView resource={me}>
        {(user) =>
          hasRole(user, 'admin') ? (
            <div className={styles.sections}>
              <AdminDirectory />
              <ReactionSettings />
              <DeliverySettings />
              <ReachReport />
              <ModerationSettings />
              <GuidelinesSettings />
              <PrivacySection />
            </div>
          ) : (
            <MessageBar intent="warning" data-testid="admin-forbidden">
              <MessageBarBody>{translate('tab.admin.forbidden')}</MessageBarBody>
            </MessageBar>
          )
        }
      </ResourceView>
    </Page>
  );
}
