/**
 * A labelled link in what someone wrote ("[Payroll update](https://…)") shows the
 * host it really goes to, so a label cannot pass off one site as another. Cards and
 * the tab both use this. A label that already names its host is left as it is.
 */
export function labelWithHost(label: string, url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return label;
  }
  if (!host || label.toLowerCase().includes(host)) return label;
  return `${label} (${host})`;
}
