import type { Conversation } from './schemas';

export interface TeamChannels {
  /** undefined when Teams did not tell us the team's name. */
  teamName?: string;
  channels: Conversation[];
}

/** The active channel installations, grouped by team, teams and channels in alphabetical order. */
export function channelsByTeam(conversations: Conversation[], locale: string): TeamChannels[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const groups = new Map<string, TeamChannels>();
  for (const conversation of conversations) {
    if (conversation.kind !== 'channel' || !conversation.active) continue;
    const key = conversation.teamName ?? '';
    const group = groups.get(key) ?? { teamName: conversation.teamName, channels: [] };
    group.channels.push(conversation);
    groups.set(key, group);
  }
  const byName = (a?: string, b?: string) => collator.compare(a ?? '\uffff', b ?? '\uffff');
  return [...groups.values()]
    .sort((a, b) => byName(a.teamName, b.teamName))
    .map((group) => ({ ...group, channels: group.channels.sort((a, b) => byName(a.channelName, b.channelName)) }));
}
