/** Prints one benchmark figure as a `name: value` line. */
export function out(name: string, value: string | number): void {
  console.info(`${name}: ${value}`);
}

/** Bounded duration of each load run, in seconds (BENCH_SECONDS, default 8). */
export const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
