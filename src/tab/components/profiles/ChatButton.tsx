import { Button } from '@fluentui/react-components';
import { canOpenChatInTeams, chatDeepLink, openChatInTeams } from '../../host/teamsChat';
import { useT } from '../../i18n/LocaleContext';

/** Opens a 1:1 Teams chat: in place inside Teams, through the deep link anywhere else. */
export function ChatButton({ email, name }: { email: string; name: string }) {
  const translate = useT();
  const label = translate('tab.people.chat.label', { name });
  if (canOpenChatInTeams()) {
    return (
      <Button appearance="primary" onClick={() => void openChatInTeams(email)} aria-label={label} data-testid="profile-chat">
        {translate('tab.people.chat')}
      </Button>
    );
  }
  return (
    <Button as="a" appearance="primary" href={chatDeepLink(email)} target="_blank" rel="noopener noreferrer" aria-label={label} data-testid="profile-chat">
      {translate('tab.people.chat')}
    </Button>
  );
}
