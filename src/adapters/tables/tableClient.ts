import { RestError, TableClient } from "@azure/data-tables";

/**
 * A TableClient for a connection string. Plain HTTP is allowed only for Azurite on loopback (the
 * SDK refuses a shared key over HTTP otherwise); everything else must be HTTPS.
 */
export function tableClientFor(connectionString: string, tableName: string): TableClient {
  const loopbackAzurite = /^UseDevelopmentStorage=true|TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(connectionString);
  return TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: loopbackAzurite });
}

/** True for a storage error with one of these HTTP statuses; anything else is someone else's to handle. */
export function isStatus(err: unknown, ...statuses: number[]): boolean {
  return err instanceof RestError && err.statusCode !== undefined && statuses.includes(err.statusCode);
}
