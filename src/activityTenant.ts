/**
 * The tenant an activity names (Teams puts it in two places). Shared by the HTTP edge (the tenant
 * allow-list, before any authentication) and the bot adapter, which must not import the HTTP layer.
 */
export function tenantOfActivity(activity: Record<string, unknown>): string | undefined {
  const conversation = activity["conversation"] as { tenantId?: unknown } | undefined;
  const channelData = activity["channelData"] as { tenant?: { id?: unknown } } | undefined;
  const tenant = conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof tenant === "string" && tenant.length <= 100 ? tenant : undefined;
}
