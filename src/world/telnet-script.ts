import type { World } from './world';
import { TYPING_DELAY_MS } from './world';

/** How long a scripted person takes to type one line of a message body. */
const BODY_LINE_DELAY_MS = 300;

/**
 * A person at a telnet prompt, typing a prepared session: each command waits for the server's complete
 * reply (its last line, `250 ` not `250-`); after a 354 the body lines follow one another up to the lone
 * dot, as nobody waits for replies inside DATA.
 */
export class TelnetScript {
  private next = 0;
  private inData = false;
  private connId = '';

  constructor(
    private readonly world: World,
    private readonly from: string,
    private readonly to: string,
    private readonly port: number,
    private readonly lines: readonly string[],
  ) {}

  start(): string {
    this.connId = this.world.openConsole(this.from, this.to, this.port, {
      line: (text) => this.onReply(text),
      closed: () => {
        this.next = this.lines.length;
      },
    });
    return this.connId;
  }

  private onReply(text: string): void {
    if (!/^\d{3}( |$)/.test(text)) return;
    const code = Number(text.slice(0, 3));
    if (code === 354) this.inData = true;
    this.typeNext(TYPING_DELAY_MS);
  }

  private typeNext(delay: number): void {
    if (this.next >= this.lines.length) return;
    const line = this.lines[this.next++]!;
    this.world.clock.setTimeout(() => {
      if (!this.world.isOpen(this.connId)) return;
      this.world.typeLine(this.connId, line);
      if (this.inData) {
        if (line === '.') this.inData = false;
        else this.typeNext(BODY_LINE_DELAY_MS);
      }
    }, delay);
  }
}
