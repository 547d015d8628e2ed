/**
 * The one source of time in a world. xstate's delays, link latency and DNS round trips all schedule
 * here, so the whole simulation is a deterministic sequence of tasks ordered by (time, insertion order).
 * It satisfies xstate's `Clock` interface, which is how machine delays land on virtual time.
 */
interface Task {
  readonly id: number;
  readonly at: number;
  readonly run: () => void;
}

export class VirtualClock {
  private nowMs = 0;
  private nextId = 1;
  private heap: Task[] = [];
  private cancelled = new Set<number>();
  private ran = 0;

  /** Milliseconds since the world started. */
  get now(): number {
    return this.nowMs;
  }

  setTimeout(fn: (...args: unknown[]) => void, ms: number): number {
    const id = this.nextId++;
    this.push({ id, at: this.nowMs + Math.max(0, ms), run: fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    if (typeof id === 'number') this.cancelled.add(id);
  }

  /** When the next task is due, or undefined when nothing is scheduled. */
  peek(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Runs the next due task, advancing time to it. Returns false when nothing is left. */
  runNext(): boolean {
    this.dropCancelled();
    const task = this.pop();
    if (!task) return false;
    this.nowMs = task.at;
    this.ran++;
    task.run();
    return true;
  }

  /** Moves time forward with nothing to run (used when the user advances an idle world). */
  advanceTo(ms: number): void {
    if (ms > this.nowMs) this.nowMs = ms;
  }

  /** How many tasks have run: with the time, it pins down exactly when an outside input was applied. */
  get tasksRun(): number {
    return this.ran;
  }

  private dropCancelled(): void {
    while (this.heap[0] && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.heap[0].id);
      this.pop();
    }
  }

  private less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
