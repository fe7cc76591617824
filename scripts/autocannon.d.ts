// autocannon ships no types; the benchmarks use this much of it.
declare module "autocannon" {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> };
  type Options = { url: string; connections?: number; amount?: number; duration?: number; headers?: Record<string, string>; requests?: Request[] };
  type Histogram = { p50: number; p90: number; p99: number; max: number; average: number };
  type Result = { latency: Histogram; requests: { average: number }; non2xx: number; errors: number };
  export default function autocannon(options: Options): Promise<Result>;
}
