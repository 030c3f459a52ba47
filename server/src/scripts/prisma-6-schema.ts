/** Prisma 6's CLI needs the datasource's `url`; Prisma 7 refuses it in the schema, so Prisma 6 gets copies with it added. */
export function withDatasourceUrl(schema: string): string {
  if (/^\s*url\s*=/m.test(schema)) return schema;
  return schema.replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"[^"]*")/, '$1\n  url      = env("DATABASE_URL")');
}
