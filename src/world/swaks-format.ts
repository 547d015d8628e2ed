import { replyLine } from '../protocol/reply';
import { formatTime, type TraceEvent } from './trace';

/**
 * The trace as swaks prints a session: ` -> ` what the client sent, `<-  ` what the server answered,
 * `<** ` an error reply, `=== ` everything that is not on the wire, and `*** ` failures. Each line carries
 * its virtual time, and a header marks where the dialog moves to another hop.
 */
export function formatTrace(trace: readonly TraceEvent[], options: { startMs: number; states?: boolean }): string[] {
  const out: string[] = [];
  let lastConn = '';
  for (const e of trace) {
    const at = `[${formatTime(e.t).padStart(9)}]`;
    switch (e.kind) {
      case 'connect':
        out.push(`${at} === Connected ${e.from} -> ${e.to}:${e.port} (${e.connId})`);
        lastConn = e.connId;
        break;
      case 'connect.failed':
        out.push(`${at} *** ${e.from}: ${e.reason}`);
        break;
      case 'line': {
        if (e.connId !== lastConn) {
          out.push(`${at} === ${e.direction === 'c2s' ? `${e.from} -> ${e.to}` : `${e.to} -> ${e.from}`} (${e.connId})`);
          lastConn = e.connId;
        }
        const marker = e.direction === 'c2s' ? ' -> ' : /^[45]\d\d/.test(e.text) ? '<** ' : '<-  ';
        out.push(`${at} ${marker}${e.text}`);
        break;
      }
      case 'disconnect':
        out.push(`${at} === Connection closed by ${e.by} (${e.connId})`);
        break;
      case 'dns.query':
        out.push(`${at} === DNS ${e.from} asks ${e.to}: ${e.name} ${e.type}?`);
        break;
      case 'dns.answer':
        out.push(`${at} === DNS ${e.from} answers: ${e.answer}`);
        break;
      case 'state':
        if (options.states) out.push(`${at}     ${e.actor} ${e.from || '(start)'} => ${e.to}`);
        break;
      case 'submit':
        out.push(`${at} === ${e.host}: Send pressed, from ${e.from} to ${e.to.join(', ')}: "${e.subject}"`);
        break;
      case 'queue.add':
        out.push(`${at} === ${e.host}: ${e.queueId}: queued, from=<${e.from}> to=${e.to.map((a) => `<${a}>`).join(',')} size=${e.size}`);
        break;
      case 'queue.sent':
        // Only the reply is squeezed (a reply without enhanced code leaves a double blank); the time keeps its padding.
        out.push(`${at} === ${e.host}: ${e.queueId}: to=<${e.recipient}> relay=${e.relay} status=sent (${replyLine(e.reply)})`);
        break;
      case 'queue.defer':
        out.push(`${at} *** ${e.host}: ${e.queueId}: status=deferred (${e.reason}); retry in ${Math.round((e.retryAt - options.startMs - e.t) / 1000)}s`);
        break;
      case 'queue.remove':
        out.push(`${at} === ${e.host}: ${e.queueId}: removed`);
        break;
      case 'deliver':
        out.push(`${at} === ${e.host}: ${e.queueId}: saved to mailbox ${e.mailbox} (${e.size} bytes)`);
        break;
      case 'bounce':
        out.push(
          e.to === ''
            ? `${at} *** ${e.host}: ${e.queueId}: undeliverable bounce discarded (null sender): ${e.reason}`
            : `${at} *** ${e.host}: ${e.queueId}: bounced, notice ${e.bounceQueueId ?? ''} to <${e.to}>: ${e.reason}`,
        );
        break;
      case 'note':
        out.push(`${at}     ${e.host}: ${e.text}`);
        break;
    }
  }
  return out;
}
