import { randomUUID, createHash } from 'crypto';

/**
 * A deterministic synthetic organisation, for the search tests and the fake Graph:
 * the same n people (names, titles, departments, managers) on every run.
 */
const GIVEN = ['Ada', 'Alan', 'Amara', 'Ana', 'Andrés', 'Beatriz', 'Chen', 'Dmitri', 'Élodie', 'Fatima', 'Grace', 'Hiroshi', 'Ines', 'Jonas', 'Kwame', 'Lena', 'Mateo', 'Maria', 'Noor', 'Olu', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Valeria', 'Wei', 'Yusuf', 'Zoë'];
const FAMILY = ['Andersen', 'Banerjee', 'Costa', 'Dubois', 'Eriksen', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Martín', 'Nakamura', 'Okafor', 'Petrov', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka', 'Urbina', 'Varga', 'Wójcik', 'Xu', 'Yilmaz', 'Zimmermann'];
const DEPARTMENTS = ['Engineering', 'Marketing', 'Sales', 'Finance', 'Human Resources', 'Operations', 'Legal', 'Customer Success'];
const TITLES = ['Engineer', 'Senior Engineer', 'Manager', 'Analyst', 'Specialist', 'Director', 'Designer', 'Coordinator'];
const OFFICES = ['Paris', 'Lagos', 'Seattle', 'Tokyo', undefined];

export interface SyntheticPerson {
  id: string;
  displayName: string;
  jobTitle?: string;
  department?: string;
  officeLocation?: string;
  mail: string;
  accountEnabled: boolean;
  managerId?: string;
}

export function syntheticId(n: number): string {
  const hex = createHash('sha1').update(`person-${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function syntheticOrganisation(count: number): SyntheticPerson[] {
  return Array.from({ length: count }, (_, n) => {
    const given = GIVEN[n % GIVEN.length];
    const family = FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length];
    return {
      id: syntheticId(n),
      displayName: `${given} ${family}${n >= GIVEN.length * FAMILY.length ? ` ${Math.floor(n / (GIVEN.length * FAMILY.length))}` : ''}`,
      // Every 17th person has no department and every 13th no title: the directory is never complete.
      jobTitle: n % 13 === 5 ? undefined : TITLES[n % TITLES.length],
      department: n % 17 === 3 ? undefined : DEPARTMENTS[Math.floor(n / 7) % DEPARTMENTS.length],
      officeLocation: OFFICES[n % OFFICES.length],
      mail: `person${n}@fabrikam.example`,
      accountEnabled: true,
      // A tree: person n reports to person floor((n-1)/8); person 0 has no manager.
      managerId: n === 0 ? undefined : syntheticId(Math.floor((n - 1) / 8)),
    };
  });
}

export const randomTenant = () => randomUUID();
