import type { PostContent } from './studio';

/**
 * Starting points comms teams asked for. A template only prefills a new draft; the
 * author changes anything before sending.
 */
export interface PostTemplate {
  id: string;
  name: string;
  content: PostContent;
}

export const POST_TEMPLATES: readonly PostTemplate[] = [
  {
    id: 'town-hall',
    name: 'Town hall',
    content: {
      kind: 'announcement',
      importance: 'important',
      pinDays: 3,
      title: 'Town hall: [topic]',
      body: 'Join us for our next **town hall** on [date] at [time].\n\n- Business update\n- Questions from you\n- Recognition\n\nSend your questions in advance with the button below.',
      buttons: [{ title: 'Join the meeting', url: 'https://teams.microsoft.com/' }],
    },
  },
  {
    id: 'policy-change',
    name: 'Policy change',
    content: {
      kind: 'announcement',
      importance: 'important',
      pinDays: 7,
      acknowledge: true,
      title: 'Policy update: [policy name]',
      body: 'From **[date]**, our [policy name] changes.\n\n**What changes**\n- [change]\n\n**What you need to do**\n1. Read the updated policy\n2. Confirm below that you have read it',
      buttons: [{ title: 'Read the policy', url: 'https://intranet.example.com/policies' }],
    },
  },
  {
    id: 'outage',
    name: 'Outage',
    content: {
      kind: 'update',
      importance: 'important',
      pinDays: 1,
      title: '[Service] is unavailable',
      body: '**[Service]** is currently unavailable. Our teams are working on it.\n\n- Started: [time]\n- Affected: [who]\n- Workaround: [workaround]\n\nWe will post an update by [time].',
      buttons: [{ title: 'Service status', url: 'https://status.example.com/' }],
    },
  },
];

export function templateById(id: string): PostTemplate | undefined {
  return POST_TEMPLATES.find((template) => template.id === id);
}
