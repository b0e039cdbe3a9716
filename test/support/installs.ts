import { randomUUID } from 'crypto';
import { BOT, person, postActivity } from './activities';

/** Personal chat id of synthetic person `n` (one chat per person, as Teams gives). */
export const personalChatOf = (n: number) => `a:burst-chat-${n}`;

/** The installationUpdate Teams sends when person `n` installs Commons in personal scope. */
export function personalInstall(n: number, serviceUrl: string, tenantId: string) {
  const from = person(n);
  return {
    type: 'installationUpdate',
    action: 'add',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from,
    recipient: BOT,
    conversation: { id: personalChatOf(n), conversationType: 'personal', tenantId },
    locale: 'en-US',
    channelData: { tenant: { id: tenantId } },
  };
}

/**
 * Installs Commons for people 0..count-1 through /api/messages with `inFlight`
 * requests at a time, spread over the given app URLs in turn; returns the statuses
 * that were not 200 (an empty list when every install was acknowledged).
 */
export async function installBurst(appUrls: string[], serviceUrl: string, tenantId: string, count: number, inFlight: number): Promise<number[]> {
  const refused: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const n = next++;
        const response = await postActivity(appUrls[n % appUrls.length], personalInstall(n, serviceUrl, tenantId));
        await response.arrayBuffer();
        if (response.status !== 200) refused.push(response.status);
      }
    }),
  );
  return refused;
}
