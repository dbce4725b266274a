// What a PostgreSQL schema IS, as comparable data: tables, columns (by name: their order is not
// compared, a column added later by ALTER TABLE sits at the end), constraints, indexes, triggers,
// functions, sequences and every row (a migration may insert some, e.g. the ledger's genesis
// chain head). Two databases built by different migration histories are the same database for
// the services when their snapshots are equal. The migration history tables are left out.
import type pg from 'pg';

export interface SchemaSnapshot {
  tables: string[];
  columns: string[];
  constraints: string[];
  indexes: string[];
  triggers: string[];
  functions: string[];
  sequences: string[];
  rows: string[];
}

const HISTORY_TABLE = '_prisma_migrations';

async function lines(client: pg.Client, sql: string, schema: string): Promise<string[]> {
  const result = await client.query<{ line: string }>(sql, [schema]);
  return result.rows.map((row) => row.line).sort();
}

export async function snapshotSchema(client: pg.Client, schema: string): Promise<SchemaSnapshot> {
  const tables = await lines(
    client,
    `SELECT concat_ws(' ', table_name, table_type) AS line FROM information_schema.tables
      WHERE table_schema = $1 AND table_name <> '${HISTORY_TABLE}'`,
    schema,
  );
  const columns = await lines(
    client,
    `SELECT concat_ws(' ', table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision,
              numeric_scale, datetime_precision, is_nullable, 'default=' || coalesce(column_default, '-'), is_identity) AS line
       FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '${HISTORY_TABLE}'`,
    schema,
  );
  const constraints = await lines(
    client,
    `SELECT concat_ws(' ', rel.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid)) AS line
       FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = $1 AND rel.relname <> '${HISTORY_TABLE}'`,
    schema,
  );
  const indexes = await lines(
    client,
    `SELECT concat_ws(' ', indexname, indexdef) AS line FROM pg_indexes WHERE schemaname = $1 AND tablename <> '${HISTORY_TABLE}'`,
    schema,
  );
  const triggers = await lines(
    client,
    `SELECT concat_ws(' ', pg_get_triggerdef(t.oid), 'enabled=' || t.tgenabled::text) AS line
       FROM pg_trigger t JOIN pg_class rel ON rel.oid = t.tgrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = $1 AND NOT t.tgisinternal`,
    schema,
  );
  const functions = await lines(
    client,
    `SELECT pg_get_functiondef(p.oid) AS line FROM pg_proc p JOIN pg_namespace ns ON ns.oid = p.pronamespace WHERE ns.nspname = $1`,
    schema,
  );
  const sequences = await lines(
    client,
    `SELECT concat_ws(' ', sequence_name, data_type, start_value, minimum_value, maximum_value, increment, cycle_option) AS line
       FROM information_schema.sequences WHERE sequence_schema = $1`,
    schema,
  );
  const rows: string[] = [];
  for (const table of tables.map((line) => line.split(' ')[0] as string)) {
    const result = await client.query<{ line: string }>(`SELECT '${table} ' || row_to_json(t)::text AS line FROM "${schema}"."${table}" t`);
    rows.push(...result.rows.map((row) => row.line));
  }
  return { tables, columns, constraints, indexes, triggers, functions, sequences, rows: rows.sort() };
}
