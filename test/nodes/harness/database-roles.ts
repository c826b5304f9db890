import { randomBytes } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import pg from 'pg';
import type { Database } from '../../../domain/database';

/** Every character a URL treats specially, and a `%41` that a careless decode turns into "A". */
export const passwordWithUrlSpecials = 'p%41ss:w@rd/x#y%z';

export interface LoginRole {
  user: string;
  password: string;
  /** Drops the role (run before the database is dropped: its grants there go first). */
  drop(): Promise<void>;
}

/**
 * A login role on the test server with `password`, given `grants` in `database`, each a GRANT
 * without its grantee (e.g. `GRANT SELECT ON schema_migrations`).
 */
export async function createLoginRole(database: Database, password: string, grants: string[]): Promise<LoginRole> {
  const user = `cf_role_${randomBytes(6).toString('hex')}`;
  await database.pool.query(`CREATE ROLE ${user} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
  for (const grant of grants) await database.pool.query(`${grant} TO ${user}`);
  return {
    user,
    password,
    drop: async () => {
      await database.pool.query(`DROP OWNED BY ${user}`);
      await database.pool.query(`DROP ROLE ${user}`);
    },
  };
}

/** The CreatorFlow Database credential for `user` on `database`, in each of its two forms. */
export function credentialForms(database: Database, { user, password }: { user: string; password: string }): Record<'connectionString' | 'fields', ICredentialDataDecryptedObject> {
  const url = new URL(database.connectionString);
  const withoutPassword = new URL(url);
  withoutPassword.username = user;
  withoutPassword.password = '';
  return {
    connectionString: { connectWith: 'connectionString', connectionString: withoutPassword.toString(), password, maxConnections: 2 },
    fields: { connectWith: 'fields', host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user, password, ssl: 'disable', maxConnections: 2 },
  };
}
