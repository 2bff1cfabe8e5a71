// The load generator, in its own process so that neither the simulator (which lives in the
// runner's process) nor the runner's bookkeeping shares its event loop. Reads a FireSpec as JSON
// from the file named by argv[2]; prints one FireResult as JSON on stdout.
// Two ways to load: autocannon (as fast as the server answers, or its overallRate, which sends each
// second's requests in a burst at the start of that second), or `evenRate`: one request every
// 1/rate seconds over a pool of keep-alive connections, an open model autocannon does not offer.
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
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
  /** Requests per second, evenly spaced; autocannon is not used. */
  evenRate?: number;
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
const output = spec.evenRate ? await fireEvenly(spec.evenRate) : await fireAutocannon();
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({ ...output, sent, acknowledged, cpuMs: (cpu.user + cpu.system) / 1000 }));

type Measured = Omit<FireResult, "sent" | "acknowledged" | "cpuMs">;

async function fireAutocannon(): Promise<Measured> {
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
  return {
    requestsPerSecond: result.requests.average,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    responses: result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"],
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Request n leaves at start + n/rate (a 1 ms timer sends every request that is due), on at most
 * `connections` keep-alive sockets; a request finding them all busy waits for one, and that wait
 * counts in its latency, measured from when it was due. Latencies of 2xx answers, like autocannon's.
 */
async function fireEvenly(rate: number): Promise<Measured> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(ROUTE, spec.url);
  const total = Math.round(rate * spec.durationSeconds);
  const latencies: number[] = [];
  let responses = 0;
  let non2xx = 0;
  let errors = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const signed = bodies[sent % bodies.length];
      const eventId = `${spec.eventPrefix}${++sent}`;
      const req = httpRequest(target, { method: "POST", agent, headers: deliveryHeaders(spec.shop, signed, eventId) }, (res) => {
        res.resume();
        res.on("end", () => {
          responses++;
          if (res.statusCode! >= 200 && res.statusCode! < 300) {
            acknowledged.push(eventId);
            latencies.push(performance.now() - due);
          } else non2xx++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(signed.buffer);
    });
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) inFlight.push(send(start + (sent * 1000) / rate));
      if (sent >= total) {
        clearInterval(timer);
        done();
      }
    }, 1);
  });
  await Promise.all(inFlight);
  const elapsedSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]) : Number.NaN);
  return {
    requestsPerSecond: responses / elapsedSeconds,
    latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1), mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length) },
    responses,
    ok: acknowledged.length,
    non2xx,
    errors,
    timeouts: 0,
  };
}
