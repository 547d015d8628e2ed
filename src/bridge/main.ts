/**
 * `npm run bridge -- --scenario seed-basic --listen mailserver.mydomain.com=2525`: runs a scenario headless
 * in real time and serves chosen agents on real TCP ports, so that swaks, telnet, Thunderbird or Nodemailer
 * talk to the very machines the simulator draws. The trace prints as it happens; the mailboxes print on exit.
 */
import { findScenario, scenarioIds } from '../scenarios';
import { parseScenario, type Scenario } from '../world/scenario';
import { type BridgeArgs, parseArgs, USAGE } from './args';
import { startBridge } from './bridge';
import { formatMailboxes } from './mailbox-report';

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}\n\nscenarios: ${scenarioIds.join(', ')}`);
  process.exit(2);
}

/** The scenario with the command line's changes, validated again (the loopback rule of --real lives in the schema). */
function scenarioFor(args: BridgeArgs): Scenario {
  const base = findScenario(args.scenario);
  if (!base) fail(`No scenario named "${args.scenario}".`);
  const realServers = { ...base.realServers };
  for (const r of args.real) realServers[r.name] = { host: r.host, port: r.port };
  const parsed = parseScenario({ ...base, realServers, inputs: args.noInputs ? [] : base.inputs });
  if (!parsed.ok) fail(parsed.errors.join('\n'));
  return parsed.scenario;
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed.ok === 'help') {
    console.log(USAGE);
    return;
  }
  if (!parsed.ok) fail(parsed.error);
  const { args } = parsed;
  const scenario = scenarioFor(args);
  // A daemon keeps serving the other clients when one session hits a bug; the error is still printed.
  process.on('uncaughtException', (err) => console.error(`*** internal error: ${err.stack ?? err.message}`));
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  try {
    bridge = await startBridge({
      scenario,
      listen: args.listen,
      bindHost: args.bindHost,
      speed: args.speed,
      idleTimeoutMs: args.idleTimeoutMs,
      maxConnections: args.maxConnections,
      states: args.states,
      ...(args.maxMessageSize !== undefined ? { maxMessageSize: args.maxMessageSize } : {}),
      ...(args.emlDir !== undefined ? { emlDir: args.emlDir } : {}),
    });
  } catch (err) {
    console.error(`bridge: ${(err as Error).message}`);
    process.exit(1);
  }
  console.log(`=== Scenario ${scenario.id}: ${scenario.title} (speed x${args.speed}, idle timeout ${args.idleTimeoutMs / 1000}s, max ${args.maxConnections} connections)`);
  for (const b of bridge.bound) {
    console.log(`=== ${b.listener.host}:${b.listener.port} (${b.listener.role}, ${b.listener.protocol}) listening on ${b.address}:${b.port}`);
  }
  for (const [name, r] of Object.entries(scenario.realServers)) console.log(`=== ${name} is a real server at ${r.host}:${r.port}`);
  if (bridge.bound.length === 0) console.log('=== no --listen given: nothing is served; the scenario plays in real time');
  if (!/^(127\.|::1$|localhost$)/.test(args.bindHost)) {
    console.log(`=== warning: listening on ${args.bindHost}: anyone who can reach this address can use these servers`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const report = formatMailboxes(bridge.world);
    await bridge.close();
    console.log(`\n=== ${signal}: stopped after ${(bridge.world.now / 1000).toFixed(3)}s of virtual time\n`);
    console.log(report.join('\n'));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
