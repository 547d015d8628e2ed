/**
 * `npm run bench` runs every benchmark in bench/ and prints its figures; `npm run bench -- --quick`
 * runs ten times fewer iterations. Figures are printed, never asserted. The exit code is non-zero only
 * when a benchmark found that the work it timed did not happen (a journey not delivered, say).
 */
import os from 'node:os';
import { runEngineBench } from './engine';

interface Bench {
  readonly name: string;
  readonly run: (options: { quick: boolean }) => unknown;
}

const benches: readonly Bench[] = [{ name: 'engine', run: runEngineBench }];

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--quick');
if (unknown.length > 0) {
  console.error(`unknown option(s): ${unknown.join(' ')}\nusage: npm run bench [-- --quick]`);
  process.exit(2);
}
const quick = args.includes('--quick');

console.log(`mailpath bench${quick ? ' (--quick: 10x smaller)' : ''}: node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${os.platform()}`);
let failed = false;
for (const bench of benches) {
  console.log(`\n== ${bench.name}`);
  try {
    bench.run({ quick });
  } catch (e) {
    failed = true;
    console.error(`${bench.name} FAILED: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}
if (failed) process.exitCode = 1;
