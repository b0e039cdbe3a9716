import { createHmac } from 'crypto';
import type { Pseudonym } from './privacy';

/**
 * A keyed HMAC of the person's id under the tenant's own secret: the same person gets
 * the same pseudonym in every document (so a thread still reads as one voice), and
 * nobody without the key can tell whose it was, even knowing every id in the directory.
 */
export function pseudonymOf(key: Buffer, userId: string, label: string): Pseudonym {
  const digest = createHmac('sha256', key).update(userId.toLowerCase()).digest('hex');
  return { userId: `erased:${digest.slice(0, 32)}`, displayName: `${label} ${digest.slice(0, 4)}` };
}
