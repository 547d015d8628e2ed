/**
 * `npm run sim -- <scenario>`: runs a scenario headless and prints every hop's dialog the way swaks does,
 * then the mailboxes as the recipients would find them.
 */
import { scenarioIds, findScenario } from '../scenarios';
import { formatTrace } from '../world/swaks-format';
import { World } from '../world/world';
import { formatMailboxes } from './mailbox-report';

function usage(): never {
  console.error(`usage: npm run sim -- <scenario> [--states]\n\nscenarios:\n${scenarioIds.map((id) => `  ${id}`).join('\n')}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const id = args.find((a) => !a.startsWith('--'));
if (!id) usage();
const scenario = findScenario(id);
if (!scenario) {
  console.error(`No scenario named "${id}".`);
  usage();
}

const world = new World(scenario);
world.runUntilIdle();
console.log(`=== Scenario ${scenario.id}: ${scenario.title}`);
console.log(formatTrace(world.trace, { startMs: world.startTime, states: args.includes('--states') }).join('\n'));
console.log('');
for (const line of formatMailboxes(world)) console.log(line);
world.stop();
