/**
 * The demo organisation a fresh local store is seeded with. The same tenant, users,
 * team and channels are what `.m365agentsplayground.yml` gives the Agents Playground,
 * so the bot and the tab see one organisation (a test keeps the two in step).
 */
export const DEMO_TENANT_ID = '7f3c2a10-5b1e-4c8e-9a4d-2e6f0c1d9b01';
export const DEMO_TENANT_NAME = 'Contoso';

export interface DemoPerson {
  userId: string;
  displayName: string;
  givenName: string;
  surname: string;
  email: string;
  department: string;
  jobTitle: string;
  managerId?: string;
  roles: Array<'admin' | 'author' | 'approver' | 'moderator' | 'manager'>;
}

const id = (n: number) => `5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f40${String(n).padStart(2, '0')}`;

export const DEMO_PEOPLE: DemoPerson[] = [
  { userId: id(1), displayName: 'Alex Wilber', givenName: 'Alex', surname: 'Wilber', email: 'alexw@contoso.example', department: 'Internal Communications', jobTitle: 'Head of Internal Comms', managerId: id(12), roles: ['admin', 'author', 'approver', 'manager'] },
  { userId: id(2), displayName: 'Megan Bowen', givenName: 'Megan', surname: 'Bowen', email: 'meganb@contoso.example', department: 'Marketing', jobTitle: 'Marketing Manager', managerId: id(12), roles: ['manager'] },
  { userId: id(3), displayName: 'Adele Vance', givenName: 'Adele', surname: 'Vance', email: 'adelev@contoso.example', department: 'Internal Communications', jobTitle: 'Communications Specialist', managerId: id(1), roles: ['author'] },
  { userId: id(4), displayName: 'Isaiah Langer', givenName: 'Isaiah', surname: 'Langer', email: 'isaiahl@contoso.example', department: 'Sales', jobTitle: 'Sales Representative', managerId: id(9), roles: [] },
  { userId: id(5), displayName: 'Patti Fernandez', givenName: 'Patti', surname: 'Fernandez', email: 'pattif@contoso.example', department: 'Human Resources', jobTitle: 'HR Business Partner', managerId: id(12), roles: ['moderator', 'approver'] },
  { userId: id(6), displayName: 'Lynne Robbins', givenName: 'Lynne', surname: 'Robbins', email: 'lynner@contoso.example', department: 'Engineering', jobTitle: 'Software Engineer', managerId: id(8), roles: [] },
  { userId: id(7), displayName: 'Diego Siciliani', givenName: 'Diego', surname: 'Siciliani', email: 'diegos@contoso.example', department: 'Engineering', jobTitle: 'Site Reliability Engineer', managerId: id(8), roles: [] },
  { userId: id(8), displayName: 'Grady Archie', givenName: 'Grady', surname: 'Archie', email: 'gradya@contoso.example', department: 'Engineering', jobTitle: 'Engineering Manager', managerId: id(12), roles: ['manager'] },
  { userId: id(9), displayName: 'Lee Gu', givenName: 'Lee', surname: 'Gu', email: 'leeg@contoso.example', department: 'Sales', jobTitle: 'Sales Director', managerId: id(12), roles: ['manager'] },
  { userId: id(10), displayName: 'Miriam Graham', givenName: 'Miriam', surname: 'Graham', email: 'miriamg@contoso.example', department: 'Marketing', jobTitle: 'Content Strategist', managerId: id(2), roles: [] },
  { userId: id(11), displayName: 'Nestor Wilke', givenName: 'Nestor', surname: 'Wilke', email: 'nestorw@contoso.example', department: 'Operations', jobTitle: 'Operations Analyst', managerId: id(12), roles: [] },
  { userId: id(12), displayName: 'Joni Sherman', givenName: 'Joni', surname: 'Sherman', email: 'jonis@contoso.example', department: 'Executive', jobTitle: 'Chief Executive Officer', roles: ['admin'] },
];

export const DEMO_TEAM = {
  teamId: '19:commons-demo-team@thread.tacv2',
  aadGroupId: '2d4b6f80-1a3c-4e5f-9b7d-0f1e2d3c4b5a',
  name: 'My Team',
  channels: [
    { channelId: '19:commons-demo-team@thread.tacv2', name: 'General' },
    { channelId: '19:commons-demo-announcements@thread.tacv2', name: 'Announcements' },
  ],
};

export const DEMO_POSTS = [
  {
    authorId: id(1),
    kind: 'announcement' as const,
    title: 'Welcome to Commons',
    body: 'This is where we share what matters: updates from every team, kudos for the people who make a difference, and communities for everything we care about. **React, comment and say hello!**',
    minutesAgo: 60 * 26,
  },
  {
    authorId: id(8),
    kind: 'update' as const,
    title: 'Release 4.2 is live',
    body: 'Thanks to everyone in Engineering and Operations: the new checkout flow shipped this morning with zero downtime. Release notes are in the Engineering channel.',
    minutesAgo: 60 * 5,
  },
  {
    authorId: id(5),
    kind: 'announcement' as const,
    title: 'Open enrolment starts Monday',
    body: 'Benefits enrolment is open from Monday for two weeks. HR office hours run every Wednesday at 14:00 if you have questions.',
    minutesAgo: 45,
  },
];
