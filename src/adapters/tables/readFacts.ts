/**
 * What a read learned about a row that the domain value does not carry: the schema version, the
 * Teams message ids a version-0 row held in its JSON, and who the index rows name. A save needs
 * them (to keep the ids on the row, and to write the index rows only when who is in the
 * mentorship changed), and saves always follow a read of the same row at the same ETag. Keyed by
 * table, row and ETag, so an entry can never describe another state of the row; a save that finds
 * none reads the row again. Shared by the store instances of a process (main has two on one table).
 */
const MAX_ENTRIES = 4096;

export class ReadFactsMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxEntries: number = MAX_ENTRIES) {}

  private static key(table: string, partitionKey: string, rowKey: string, etag: string): string {
    return `${table}\n${partitionKey}\n${rowKey}\n${etag}`;
  }

  remember(table: string, partitionKey: string, rowKey: string, etag: string, facts: T): void {
    const key = ReadFactsMemo.key(table, partitionKey, rowKey, etag);
    this.entries.delete(key);
    this.entries.set(key, facts);
    // Oldest out first: a Map iterates in insertion order.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  recall(table: string, partitionKey: string, rowKey: string, etag: string): T | undefined {
    return this.entries.get(ReadFactsMemo.key(table, partitionKey, rowKey, etag));
  }
}
