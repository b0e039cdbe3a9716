import { reactionSetSchema } from '../../data/schemas';
import { useApiResource } from '../../data/useApiResource';
import { useT } from '../../i18n/LocaleContext';
import { ResourceView } from '../ResourceView';
import { Section } from '../Section';
import { REACTION_SETTINGS_PATH } from './paths';
import { ReactionSetEditor } from './ReactionSetEditor';

/** The Admin page's "Reactions" section: the tenant's reaction set, loaded and then edited. */
export function ReactionSettings() {
  const translate = useT();
  const stored = useApiResource(REACTION_SETTINGS_PATH, reactionSetSchema);
  return (
    <Section title={translate('tab.admin.reactions.title')} testId="reaction-settings">
      {(headingId) => (
        <ResourceView resource={stored}>
          {(data) => <ReactionSetEditor stored={data.reactions} labelledBy={headingId} />}
        </ResourceView>
      )}
    </Section>
  );
}
