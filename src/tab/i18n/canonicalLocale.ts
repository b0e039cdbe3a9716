/** A locale Intl accepts: Teams and browsers send BCP-47 tags, but a bad one would make Intl throw. */
export function canonicalLocale(locale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(locale || 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}
