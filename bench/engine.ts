/**
 * Engine benchmark: whole journeys, MUA to mailbox, run headless on the virtual clock.
 *
 * A journey is one message Alice composes in her mail client in the two-providers scenario: submission
 * on 587 with AUTH to the MSA, MSA -> MTA, the MTA's DNS lookup of recipient.example's MX, SMTP to the
 * MX, LMTP to the MDA, and the message in Bob's mailbox. Every journey is checked to have landed
 * (Bob's mailbox holds exactly the messages sent, each one once, and nothing bounced to Alice); a run
 * that does not deliver everything throws, so the figures always measure real work.
 *
 * Figures are printed, never asserted: they depend on the machine and on what else it is doing.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Draft } from '../src/agents/mua';
import { findScenario } from '../src/scenarios';
import type { Scenario } from '../src/world/scenario';
import { World } from '../src/world/world';

const SCENARIO_ID = 'two-providers';
const SENDER = 'alice@sender.example';
const RECIPIENT = 'bob@recipient.example';

/**
 * Journeys composed together in one world for the batched case. A world's cost grows faster than its
 * journey count (finished session actors stay children of their agents, so every spawn and the final
 * stop copy an ever larger map), while a fresh world per journey pays construction each time. A sweep
 * (2-CPU shared VM, so only roughly) gave journeys/s of about 170-190 at 1 per world, 205-235 at 10-25,
 * 155-190 at 50, 90-115 at 100 and about 80 at 200: 25 sits at the top.
 */
export const BATCH_SIZE = 25;
/** Memory is sampled between slices of this many clock tasks (the run is synchronous, so no timer can). */
const SAMPLE_EVERY_TASKS = 2_000;
const MB = 1024 * 1024;
/** Retained heap per journey is only measured in worlds at least this big. */
const MIN_WORLD_FOR_RETAINED = 20;

export interface EngineCaseResult {
  readonly name: string;
  readonly journeys: number;
  readonly worlds: number;
  /** Wall time of building worlds, composing, running and stopping them; checking them is left out. */
  readonly seconds: number;
  /**
   * Process CPU time (user + system, all threads) over the same spans. On a shared machine it moves far
   * less than wall time, so journeys per CPU-second is the figure to compare across runs.
   */
  readonly cpuSeconds: number;
  readonly journeysPerSecond: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  /** heapUsed after the case, its worlds dropped and a full GC: what the engine keeps between worlds. */
  readonly finalHeapMb: number;
  /**
   * Heap a live world holds per journey once garbage is collected (trace, finished actors), from its last
   * world; left out for small worlds, where it drowns in the noise of a heap measurement.
   */
  readonly retainedKbPerJourney?: number;
  readonly tasksPerJourney: number;
  readonly traceEventsPerJourney: number;
}

export interface EngineBenchOptions {
  /** Ten times fewer journeys, for a quick look. */
  readonly quick?: boolean;
  readonly log?: (line: string) => void;
}

/** A journey that did not end in Bob's mailbox. */
export class JourneyNotDelivered extends Error {
  override readonly name = 'JourneyNotDelivered';
}

interface CaseSpec {
  readonly name: string;
  readonly worlds: number;
  readonly perWorld: number;
}

/** The scenario without its scripted inputs: the bench composes every message itself. */
function benchScenario(): { scenario: Scenario; host: string; draft: Draft } {
  const preset = findScenario(SCENARIO_ID);
  if (!preset) throw new Error(`scenario ${SCENARIO_ID} not found`);
  const input = preset.inputs.find((i) => i.kind === 'compose');
  if (input?.kind !== 'compose') throw new Error(`scenario ${SCENARIO_ID} has no compose input to copy`);
  const { host, to, cc, bcc, subject, body } = input;
  return { scenario: { ...preset, inputs: [] }, host, draft: { to, cc, bcc, subject, body } };
}

/** `global.gc`, without asking the caller for --expose-gc: figures are steadier from a clean heap. */
function findGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // fall through: the figures are still valid, only noisier
  }
  return () => {};
}

class MemoryPeak {
  rss = 0;
  heap = 0;
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  }
}

const tagOf = (world: number, journey: number) => `[bench ${world}.${journey}]`;
const TAG = /\[bench (\d+)\.(\d+)\]/;

/** Throws unless Bob's mailbox holds exactly this world's journeys, once each, and Alice got no bounce. */
function checkDelivered(world: World, worldIndex: number, perWorld: number): void {
  const fail = (why: string): never => {
    const trouble = world.trace.filter((e) => e.kind === 'bounce' || e.kind === 'queue.defer' || e.kind === 'connect.failed').slice(0, 2);
    throw new JourneyNotDelivered(`world ${worldIndex}: ${why}${trouble.length ? `; first trouble in the trace: ${JSON.stringify(trouble)}` : ''}`);
  };
  if (world.clock.peek() !== undefined) fail('the world still had tasks scheduled after running until idle');
  const inbox = world.mailbox(RECIPIENT);
  if (!inbox) fail(`no mailbox ${RECIPIENT}`);
  const messages = inbox!.messages;
  if (messages.length !== perWorld) fail(`${messages.length} messages reached ${RECIPIENT}, expected ${perWorld}`);
  const seen = new Set<number>();
  for (const m of messages) {
    const tag = TAG.exec(m.raw);
    if (!tag || Number(tag[1]) !== worldIndex) fail(`message uid ${m.uid} in ${RECIPIENT} is not one of this world's journeys`);
    const j = Number(tag![2]);
    if (seen.has(j)) fail(`journey ${j} was delivered twice`);
    seen.add(j);
  }
  const bounced = world.mailbox(SENDER)?.messages.length ?? 0;
  if (bounced > 0) fail(`${bounced} bounce(s) reached ${SENDER}`);
}

/** One case. Its final heap is measured by the caller, once this frame (and its last world) is gone. */
function runCase(spec: CaseSpec, gc: () => void): Omit<EngineCaseResult, 'finalHeapMb'> {
  const { scenario, host, draft } = benchScenario();
  gc();
  const baselineHeap = process.memoryUsage().heapUsed;
  const peak = new MemoryPeak();
  peak.sample();
  let retained: number | undefined;
  let elapsedMs = 0;
  let cpuUs = 0;
  const cpuSince = (start: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(start);
    return d.user + d.system;
  };
  let tasks = 0;
  let traceEvents = 0;
  for (let w = 0; w < spec.worlds; w++) {
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    const world = new World(scenario);
    for (let j = 0; j < spec.perWorld; j++) world.compose(host, { ...draft, subject: `${draft.subject} ${tagOf(w, j)}` });
    while (world.clock.peek() !== undefined) {
      world.runUntilIdle({ maxTasks: SAMPLE_EVERY_TASKS });
      peak.sample();
    }
    elapsedMs += performance.now() - t0;
    cpuUs += cpuSince(c0);
    checkDelivered(world, w, spec.perWorld);
    if (w === spec.worlds - 1 && spec.perWorld >= MIN_WORLD_FOR_RETAINED) {
      gc();
      retained = (process.memoryUsage().heapUsed - baselineHeap) / spec.perWorld;
    }
    tasks += world.clock.tasksRun;
    traceEvents += world.trace.length;
    t0 = performance.now();
    c0 = process.cpuUsage();
    world.stop();
    elapsedMs += performance.now() - t0;
    cpuUs += cpuSince(c0);
    peak.sample();
  }
  const journeys = spec.worlds * spec.perWorld;
  const seconds = elapsedMs / 1000;
  return {
    name: spec.name,
    journeys,
    worlds: spec.worlds,
    seconds,
    cpuSeconds: cpuUs / 1e6,
    journeysPerSecond: journeys / seconds,
    peakRssMb: peak.rss / MB,
    peakHeapMb: peak.heap / MB,
    ...(retained === undefined ? {} : { retainedKbPerJourney: retained / 1024 }),
    tasksPerJourney: tasks / journeys,
    traceEventsPerJourney: traceEvents / journeys,
  };
}

export function formatEngineTable(results: readonly EngineCaseResult[]): string {
  const header = ['case', 'journeys', 'seconds', 'journeys/s', 'CPU s', 'journeys/CPU-s', 'peak RSS MB', 'peak heap MB', 'final heap MB'];
  const rows = results.map((r) => [
    r.name,
    r.journeys.toLocaleString('en-US'),
    r.seconds.toFixed(2),
    r.journeysPerSecond.toFixed(0),
    r.cpuSeconds.toFixed(2),
    (r.journeys / r.cpuSeconds).toFixed(0),
    r.peakRssMb.toFixed(0),
    r.peakHeapMb.toFixed(0),
    r.finalHeapMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Runs the engine cases and prints their table. Throws JourneyNotDelivered when any journey went astray. */
export function runEngineBench(options: EngineBenchOptions = {}): EngineCaseResult[] {
  const log = options.log ?? ((line: string) => console.log(line));
  const scale = options.quick ? 10 : 1;
  const batchedJourneys = 10_000 / scale;
  const cases: CaseSpec[] = [
    { name: `batched: ${BATCH_SIZE} per world`, worlds: batchedJourneys / BATCH_SIZE, perWorld: BATCH_SIZE },
    { name: 'single: 1 per world', worlds: 1_000 / scale, perWorld: 1 },
    // How one world copes with many journeys at once (the superlinear cost above); kept small, it is slow.
    { name: `burst: ${200 / scale} in one world`, worlds: 1, perWorld: 200 / scale },
  ];
  const gc = findGc();
  log(`engine: ${SCENARIO_ID}, ${SENDER} -> ${RECIPIENT} (MUA -> MSA -> MTA -> DNS/MX -> LMTP -> MDA), every journey checked`);
  // Warm the JIT so the first case does not pay for it.
  runCase({ name: 'warm-up', worlds: 20, perWorld: 5 }, gc);
  const results: EngineCaseResult[] = [];
  for (const spec of cases) {
    const run = runCase(spec, gc);
    gc();
    const r: EngineCaseResult = { ...run, finalHeapMb: process.memoryUsage().heapUsed / MB };
    results.push(r);
    log(`  ${r.name}: ${r.journeys} journeys delivered in ${r.seconds.toFixed(2)}s`);
  }
  log('');
  log(formatEngineTable(results));
  const first = results[0]!;
  log('');
  log(`per journey: ${first.tasksPerJourney.toFixed(0)} clock tasks, ${first.traceEventsPerJourney.toFixed(0)} trace events`);
  const retained = results.filter((r) => r.retainedKbPerJourney !== undefined);
  log(`heap a live world keeps per journey (after GC): ${retained.map((r) => `${r.retainedKbPerJourney!.toFixed(0)} KB (${r.name})`).join(', ')}`);
  log(`process max RSS (getrusage): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPU(s)`);
  return results;
}

// `tsx bench/engine.ts [--quick]` runs this benchmark alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    runEngineBench({ quick: process.argv.includes('--quick') });
  } catch (e) {
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : e);
    process.exitCode = 1;
  }
}
