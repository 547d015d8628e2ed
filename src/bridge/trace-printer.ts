import { formatTrace } from '../world/swaks-format';
import type { TraceEvent } from '../world/trace';

/**
 * Prints the trace one event at a time, exactly as `formatTrace` prints the whole of it. formatTrace puts a
 * `=== a -> b (c3)` header where the dialog moves to another connection, which depends on the last
 * connection event before; so each event is formatted after that one, and only its own lines are kept.
 */
export function tracePrinter(options: { startMs: number; states?: boolean }, out: (line: string) => void): (e: TraceEvent) => void {
  let context: TraceEvent | undefined;
  return (e) => {
    const before = context ? formatTrace([context], options).length : 0;
    for (const line of formatTrace(context ? [context, e] : [e], options).slice(before)) out(line);
    if (e.kind === 'connect' || e.kind === 'line') context = e;
  };
}
