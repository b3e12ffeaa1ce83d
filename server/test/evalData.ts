import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The evaluation sets live beside the repository in ../shared/eval. A clone with nothing beside it
// (a CI checkout elsewhere) uses the copy in server/test/eval, so the tests still run, and say so.

const beside = fileURLToPath(new URL('../../../shared/eval/', import.meta.url));
const copy = fileURLToPath(new URL('./eval/', import.meta.url));

export const evalDir = process.env.CLUBOS_EVAL_DIR ?? (existsSync(beside) ? beside : copy);

if (evalDir === copy && !process.env.CLUBOS_EVAL_DIR) {
  process.stderr.write(
    'note: ../shared/eval is not beside the repository; using the copy in server/test/eval\n',
  );
}

export const evalPath = (name: string) => `${evalDir.replace(/\/?$/, '/')}${name}`;
