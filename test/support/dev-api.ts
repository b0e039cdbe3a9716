/** Calls the tab API as one person of one tenant, the way local mode identifies callers (dev headers). */
export function devApi(baseUrl: string, tenantId: string, userId: string) {
  return async (method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-tenant': tenantId, 'x-dev-user': userId },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
