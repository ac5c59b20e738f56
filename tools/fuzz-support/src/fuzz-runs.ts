/** Inputs per fuzz property: 1,500 in the suite; `FUZZ_RUNS=100000 pnpm fuzz` for a long run. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 1500);
