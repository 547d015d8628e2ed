/**
 * Turns a stream of text into SMTP lines, the way a server reads its socket (compare nodemailer
 * smtp-server's SMTPStream). Kept apart from command parsing so that the same framer serves the
 * command phase and the DATA phase, and the bridge's real sockets as well as simulated links.
 *
 * Only CRLF ends a line cleanly (RFC 5321 2.3.8). A bare LF also ends a line here, as it does in
 * Postfix (3.9 calls this `smtpd_forbid_bare_newline = normalize`), because telnet and nc users send
 * one; but such a line is flagged, and a flagged line is never part of an end-of-data sequence.
 * That last rule is what defeats SMTP smuggling (RFC 5321 4.1.1.4: the end of data is exactly
 * CRLF "." CRLF; a receiver that also honours LF "." LF can be made to see two messages where the
 * relay before it saw one).
 *
 * How a consumer treats a line with `bareLf` set:
 * - strict (Postfix `smtpd_forbid_bare_newline = reject`): reply S550_BARE_LF (replies.ts) and disconnect;
 * - normalize (the Postfix 3.9 default): execute commands and keep data lines as if they had ended
 *   in CRLF, but never end DATA on them: isEndOfData() already returns false for them.
 */
import { COMMAND_LINE_MAX, octetLength } from './limits';

export interface FramedLine {
  /** The line without its terminator. A bare CR inside it is kept. */
  readonly text: string;
  /**
   * The line is not cleanly delimited by CRLF: it was ended by a bare LF, contains a bare CR, or
   * follows a line that was ended by a bare LF (so "a" LF "." CRLF does not end DATA either).
   */
  readonly bareLf: boolean;
  /** Octets including the terminator exceed the framer's limit. */
  readonly tooLong: boolean;
}

export interface LineFramerOptions {
  /** Octets per line including CRLF; COMMAND_LINE_MAX for commands, TEXT_LINE_MAX during DATA. */
  readonly limit?: number;
  /** Characters kept of an over-long line; the rest is dropped so that a peer cannot exhaust memory. */
  readonly maxRetained?: number;
}

const DEFAULT_MAX_RETAINED = 65536;

export class LineFramer {
  private limit: number;
  private readonly maxRetained: number;
  private text = '';
  private octets = 0;
  private bare = false;
  /** A CR ended the previous chunk; whether it is half of a CRLF is known only when the next chunk comes. */
  private pendingCr = false;
  private prevEndedBare = false;

  constructor(options: LineFramerOptions = {}) {
    this.limit = options.limit ?? COMMAND_LINE_MAX;
    this.maxRetained = options.maxRetained ?? DEFAULT_MAX_RETAINED;
  }

  /** The server raises the limit on entering DATA and lowers it again after the final dot. */
  setLimit(octets: number): void {
    this.limit = octets;
  }

  /** Feeds a chunk, however the network split it, and returns the lines it completed. */
  push(chunk: string): FramedLine[] {
    const out: FramedLine[] = [];
    let i = 0;
    while (i < chunk.length) {
      const nl = chunk.indexOf('\n', i);
      if (nl === -1) {
        this.append(chunk.slice(i));
        break;
      }
      const piece = chunk.slice(i, nl);
      const crlf = piece.length > 0 ? piece.endsWith('\r') : this.pendingCr;
      if (crlf) {
        if (piece.length > 0) this.append(piece.slice(0, -1));
        else this.pendingCr = false;
        out.push(this.finish(false));
      } else {
        this.append(piece);
        out.push(this.finish(true));
      }
      i = nl + 1;
    }
    return out;
  }

  /**
   * Returns what was received after the last line end, and forgets it. Meant for a connection that
   * closes mid-line: that fragment was never terminated, so it must be logged, never executed.
   */
  flush(): FramedLine | undefined {
    if (this.pendingCr) this.resolvePendingCr();
    if (this.text.length === 0 && this.octets === 0 && !this.bare) return undefined;
    const line: FramedLine = { text: this.text, bareLf: this.bare, tooLong: this.octets > this.limit };
    this.reset();
    return line;
  }

  private append(piece: string): void {
    if (piece.length === 0) return;
    if (this.pendingCr) this.resolvePendingCr();
    let body = piece;
    if (body.endsWith('\r')) {
      this.pendingCr = true;
      body = body.slice(0, -1);
    }
    if (body.includes('\r')) this.bare = true;
    this.keep(body);
  }

  /** The CR that ended the last chunk was not followed by LF, so it is data: a bare CR. */
  private resolvePendingCr(): void {
    this.pendingCr = false;
    this.bare = true;
    this.keep('\r');
  }

  private keep(body: string): void {
    this.octets += octetLength(body);
    const room = this.maxRetained - this.text.length;
    if (room > 0) this.text += body.length > room ? body.slice(0, room) : body;
  }

  private finish(endedByBareLf: boolean): FramedLine {
    if (this.pendingCr) this.resolvePendingCr();
    const terminator = endedByBareLf ? 1 : 2;
    const line: FramedLine = {
      text: this.text,
      bareLf: this.bare || endedByBareLf || this.prevEndedBare,
      tooLong: this.octets + terminator > this.limit,
    };
    this.reset();
    this.prevEndedBare = endedByBareLf;
    return line;
  }

  private reset(): void {
    this.text = '';
    this.octets = 0;
    this.bare = false;
    this.pendingCr = false;
  }
}

/**
 * The end of DATA is a line holding exactly "." between two CRLFs (RFC 5321 4.1.1.4). A FramedLine
 * with `bareLf` set never qualifies, whatever its text.
 */
export function isEndOfData(line: FramedLine | string): boolean {
  if (typeof line === 'string') return line === '.';
  return line.text === '.' && !line.bareLf;
}

/** Whether `line` (without its CRLF) exceeds `max` octets once the CRLF is added back. */
export const isTooLong = (line: string, max: number = COMMAND_LINE_MAX): boolean => octetLength(line) + 2 > max;
