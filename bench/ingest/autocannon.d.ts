// autocannon ships no types and the project does not depend on @types/autocannon; this covers
// the part of its programmatic API the benchmark uses.
declare module "autocannon" {
  type Context = Record<string, unknown>;
  interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    overallRate?: number;
    ignoreCoordinatedOmission?: boolean;
    requests?: Array<
      RawRequest & {
        setupRequest?: (request: RawRequest, context: Context) => RawRequest;
        onResponse?: (status: number, body: string, context: Context, headers: Record<string, string>) => void;
      }
    >;
  }
  interface Histogram {
    average: number;
    mean: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
  }
  interface Result {
    requests: Histogram & { sent: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    "1xx": number;
    "2xx": number;
    "3xx": number;
    "4xx": number;
    "5xx": number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
