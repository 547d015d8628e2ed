import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { World } from '../world/world';

/** A file name from an address: letters, digits, dot, dash, underscore and @ survive; anything else is `_`. */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9.@_-]/g, '_');

/**
 * `--eml DIR`: each message a mailbox receives is written as `<address>-<uid>-<queue id>.eml`, the bytes the
 * recipient's client would read (CRLF line ends, as RFC 5322 has them). A file already there (a previous
 * run of the same scenario) is never overwritten: the new one gets a numbered suffix.
 */
export class EmlWriter {
  /** The highest uid already written, per mailbox. */
  private readonly written = new Map<string, number>();
  private dirty = false;

  constructor(
    private readonly world: World,
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {
    mkdirSync(dir, { recursive: true });
    // The mailbox holds the message only once the MDA's transition is over, so the `deliver` event only
    // marks work for the next flush, which runs after the clock pass.
    world.subscribe((e) => {
      if (e.kind === 'deliver') this.dirty = true;
    });
  }

  /** Writes what was delivered since the last call; returns the paths written. */
  flush(): string[] {
    if (!this.dirty) return [];
    this.dirty = false;
    const paths: string[] = [];
    for (const { mailbox } of this.world.mailboxes()) {
      const key = mailbox.address.toLowerCase();
      const done = this.written.get(key) ?? 0;
      for (const m of mailbox.messages) {
        if (m.uid <= done) continue;
        const path = this.writeNew(`${safe(mailbox.address)}-${m.uid}-${safe(m.queueId)}`, m.raw);
        this.written.set(key, Math.max(this.written.get(key) ?? 0, m.uid));
        this.log(`=== wrote ${path}`);
        paths.push(path);
      }
    }
    return paths;
  }

  private writeNew(base: string, raw: string): string {
    for (let n = 1; ; n++) {
      const path = join(this.dir, n === 1 ? `${base}.eml` : `${base}.${n}.eml`);
      try {
        writeFileSync(path, raw, { encoding: 'utf8', flag: 'wx' });
        return path;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }
}
