/** The Bench route: benchmarks on this device (src/features/bench/ui). */
export { BenchPage as Bench } from '../../features/bench/ui/BenchPage';
