// The load generator, in its own process so that neither the simulator (which lives in the
// runner's process) nor the runner's bookkeeping shares its event loop. Reads a FireSpec as JSON
// from the file named by argv[2]; prints one FireResult as JSON on stdout.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { deliveryHeaders, ROUTE, type SignedBody } from "./deliveries";

export interface FireSpec {
  url: string;
  shop: string;
  bodies: SignedBody[];
  /** Prefix of every event id fired, so each phase's rows can be counted apart. */
  eventPrefix: string;
  connections: number;
  durationSeconds: number;
  overallRate?: number;
}

export interface FireResult {
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  responses: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Requests built and written to a socket (each with a new event id). */
  sent: number;
  /** Event ids answered 2xx: exactly these must be stored, once each. */
  acknowledged: string[];
  cpuMs: number;
}

const spec = JSON.parse(readFileSync(process.argv[2], "utf8")) as FireSpec;
const bodies = spec.bodies.map((b) => ({ ...b, buffer: Buffer.from(b.body) }));
const acknowledged: string[] = [];
let sent = 0;

const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationSeconds,
  overallRate: spec.overallRate,
  // autocannon's correction records extra samples spaced ceil(1 / per-connection rate) = 1 ms
  // apart (a unit slip: the interval should be 1000 / rate ms), which would invent latencies.
  ignoreCoordinatedOmission: spec.overallRate !== undefined,
  requests: [
    {
      method: "POST",
      path: ROUTE,
      setupRequest: (request, context) => {
        const signed = bodies[sent % bodies.length];
        const eventId = `${spec.eventPrefix}${++sent}`;
        context.eventId = eventId;
        return { ...request, headers: deliveryHeaders(spec.shop, signed, eventId), body: signed.buffer };
      },
      onResponse: (status, _body, context) => {
        if (status >= 200 && status < 300) acknowledged.push(context.eventId as string);
      },
    },
  ],
});
const cpu = process.cpuUsage(cpuBefore);

const output: FireResult = {
  requestsPerSecond: result.requests.average,
  latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
  responses: result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"],
  ok: result["2xx"],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  sent,
  acknowledged,
  cpuMs: (cpu.user + cpu.system) / 1000,
};
process.stdout.write(JSON.stringify(output));
