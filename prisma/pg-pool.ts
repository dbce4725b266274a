// Works around prisma/prisma#27403 (the wasm schema engine cannot read PostgreSQL's `name`
// type, e.g. "Column type 'name' could not be deserialized" in `migrate deploy`): result
// columns of type name (OID 19) are reported as text (OID 25). Used by the migration CLI only.
import pg from 'pg';

const NAME_OID = 19;
const TEXT_OID = 25;

export function nameColumnsAsText(connectionString: string, searchPath?: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2, ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}) });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<pg.QueryResult> }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  return pool;
}
