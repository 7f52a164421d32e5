/**
 * The local mock users: the Agents Playground's tenant, current user and users, read from its
 * config file (.m365agentsplayground.yml) — the few keys needed, without a YAML library.
 */

export interface LocalUser {
  readonly name: string;
  readonly aadObjectId: string;
  readonly email: string;
  readonly isCoordinator: boolean;
}

export interface LocalDirectory {
  readonly tenantId: string;
  readonly users: readonly LocalUser[];
}

const unquote = (v: string) => v.trim().replace(/^(["'])(.*)\1$/, "$2");

/** Parses the Playground file's `tenantId`, `currentUser` and `users` (name, aadObjectId and email of each). */
export function parsePlaygroundUsers(text: string, coordinatorIds: readonly string[]): LocalDirectory {
  let tenantId = "";
  let section = "";
  const people: { name: string; aadObjectId: string; email: string }[] = [];
  let current: { name: string; aadObjectId: string; email: string } | null = null;
  const flush = () => {
    if (current && current.name && current.aadObjectId) people.push(current);
    current = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "");
    if (/^\s*(#|$)/.test(line)) continue;
    const top = /^([A-Za-z][\w]*):\s*(.*)$/.exec(line);
    if (top) {
      flush();
      section = top[1] ?? "";
      if (section === "tenantId") tenantId = unquote(top[2] ?? "");
      if (section === "currentUser") current = { name: "", aadObjectId: "", email: "" };
      continue;
    }
    if (section !== "users" && section !== "currentUser") continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && section === "users") {
      flush();
      current = { name: "", aadObjectId: "", email: "" };
    }
    const field = /^\s*(?:-\s+)?(name|aadObjectId|email):\s*(.*)$/.exec(line);
    if (field && current) {
      const c: { name: string; aadObjectId: string; email: string } = current;
      if (field[1] === "name") c.name = unquote(field[2] ?? "");
      else if (field[1] === "email") c.email = unquote(field[2] ?? "");
      else c.aadObjectId = unquote(field[2] ?? "");
    }
  }
  flush();
  const seen = new Set<string>();
  const users = people
    .filter((p) => !seen.has(p.aadObjectId) && seen.add(p.aadObjectId))
    .map((p) => ({ ...p, isCoordinator: coordinatorIds.includes(p.aadObjectId) }));
  return { tenantId, users };
}
