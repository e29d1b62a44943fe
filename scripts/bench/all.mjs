// @ts-check
// `npm run bench`: the reader benchmark (run.mjs), the store benchmark (store.mjs) and the
// re-anchoring, import, exports, coding, network, search and library benchmarks, one after the other in the same invocation. --quick and --json FILE go to both (both add their
// rows to FILE); the reader's other options go to the reader only. Reports; never fails.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const args = process.argv.slice(2);
const shared = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--quick') shared.push('--quick');
  if (args[i] === '--json' && args[i + 1]) shared.push('--json', args[i + 1]);
}
for (const [script, scriptArgs] of /** @type {Array<[string, string[]]>} */ ([
  ['run.mjs', args],
  ['store.mjs', shared],
  ['reanchor.mjs', shared],
  ['import.mjs', shared],
  ['exports.mjs', shared],
  ['coding.mjs', shared],
  ['network.mjs', shared],
  ['search.mjs', shared],
  ['library.mjs', shared],
])) {
  spawnSync(process.execPath, [join(import.meta.dirname, script), ...scriptArgs], { stdio: 'inherit' });
}
