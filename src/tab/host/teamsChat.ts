import { chat } from '@microsoft/teams-js';
import { isConnectedToTeams } from './teamsHost';

/**
 * A 1:1 Teams chat with someone, from their profile. Inside Teams the SDK opens it in
 * place (`chat.openChat`, where the host supports it); outside, or where it does not,
 * a deep link opens Teams (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams).
 */
export function chatDeepLink(email: string): string {
  // `users` is a comma-separated list: the one address, with its @ kept readable.
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(email).replace(/%40/g, '@')}`;
}

/** Whether the hosting Teams client can open a chat itself (false outside Teams: the SDK was never initialised). */
export function canOpenChatInTeams(): boolean {
  if (!isConnectedToTeams()) return false;
  try {
    return chat.isSupported();
  } catch {
    return false;
  }
}

export async function openChatInTeams(email: string): Promise<void> {
  try {
    await chat.openChat({ user: email });
  } catch {
    window.open(chatDeepLink(email), '_blank', 'noopener');
  }
}
