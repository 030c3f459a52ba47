// Prints the GraphQL schema to server/schema.graphql; `--check` fails when the file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchema } from 'graphql';
import { schema } from '../schema/index.js';

const file = path.resolve(import.meta.dirname, '../../schema.graphql');
const printed = `${printSchema(schema)}\n`;

if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error('server/schema.graphql is stale: run `pnpm --filter @vetline/server print-schema` and commit it.');
    process.exit(1);
  }
  console.log('server/schema.graphql is up to date.');
} else {
  await writeFile(file, printed);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}
