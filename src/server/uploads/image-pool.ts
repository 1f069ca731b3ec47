// At most one image job per core (issue 16, finding 9: ten 40 MP PNGs at once pushed /healthz
// to 4 s). A job waits its turn here instead of competing with page renders for every core.
import { availableParallelism } from 'node:os';

export class Semaphore {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('Semaphore limit must be a positive integer');
    this.#limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

const poolKey = Symbol.for('kaopu.imagePool');
const g = globalThis as unknown as Record<symbol, Semaphore | undefined>;

/** The process-wide image pool: one slot per core. */
export function imagePool(): Semaphore {
  g[poolKey] ??= new Semaphore(availableParallelism());
  return g[poolKey]!;
}
