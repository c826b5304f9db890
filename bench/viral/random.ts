import { Random } from '../classification/random';

/** Uniform in [0, 1) from the benchmarks' seeded mulberry32: the same seed gives the same figures. */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.float(0, 1);
}

/** An exponential variate with the given mean: the gap between Poisson arrivals. */
export function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random());
}
