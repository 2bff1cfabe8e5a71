// `npm run bench:ingest`: signed orders/create deliveries fired with autocannon at the built app
// (started by tests/support/stack.ts exactly as in production, wired to the store simulator) and,
// in the same run, at a bare node:http + better-sqlite3 receiver (bare-server.ts). Prints
// figures and the issue's targets as facts; never fails on time. BENCH_SECONDS sets each
// phase's length (default 10).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { DEMO_SHOP, installApp, placeOrder, seedDemoStore } from "../../tests/demo/store";
import { LOCAL_API_SECRET, root, startStack } from "../../tests/support/stack";
import { type PlacedOrder, signedBodies } from "./deliveries";
import type { FireResult, FireSpec } from "./fire";

const APP_PORT = 3500;
const BARE_PORT = 3501;
const SIMULATOR_PORT = 4500;
const ORDERS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DATA = path.join(root, "tmp/bench-ingest");
const APP_DB = path.join(DATA, "app.sqlite");
const BARE_DB = path.join(DATA, "bare.sqlite");

interface Phase {
  key: string;
  label: string;
  connections: number;
  overallRate?: number;
}

const PHASES: Phase[] = [
  { key: "c10", label: "max, 10 conns", connections: 10 },
  { key: "c50", label: "max, 50 conns", connections: 50 },
  { key: "r500", label: "500 req/s, 50 conns", connections: 50, overallRate: 500 },
];

interface Server {
  name: "bare" | "app";
  url: string;
  db: string;
  pid: number | undefined;
}

interface Measured {
  server: Server["name"];
  phase: Phase;
  fire: FireResult;
  serverCpuMs: number;
  /** CPU of this process, which hosts the simulator the app's worker calls. */
  simulatorCpuMs: number;
  check: RowCheck;
  worker?: WorkerProgress;
}

const log = (line: string) => console.log(line);
const fireScript = path.join(import.meta.dirname, "fire.ts");
const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU of a process so far, from /proc; NaN where there is no /proc (not Linux). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return Number.NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/** stack.ts does not expose the app's process: it is this process's child running the server build. */
function appPid(): number | undefined {
  if (!existsSync("/proc")) return undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("build/server/index.js")) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

function runFire(spec: FireSpec): Promise<FireResult> {
  const specFile = path.join(DATA, `fire-${spec.eventPrefix.replace(/\W/g, "")}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fireScript, specFile], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as FireResult) : reject(new Error(`fire.ts exited with ${code}`))));
  });
}

function startBare(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bare-server.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, BARE_PORT: String(BARE_PORT), BARE_DB, BARE_SECRET: LOCAL_API_SECRET },
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bare server exited with ${code}`)));
    child.stdout!.once("data", () => resolve(child));
  });
}

function readDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

interface RowCheck {
  acknowledged: number;
  rows: number;
  /** Answered 2xx but not stored: must be 0. */
  lost: number;
  /** More than one row for one event: must be 0. */
  doubled: number;
  /** Stored but no 2xx seen: requests in flight when autocannon stopped. */
  unanswered: number;
}

function checkRows(file: string, prefix: string, acknowledged: string[]): RowCheck {
  const stored = readDb(file, (db) =>
    db.prepare(`SELECT "eventId" FROM "WebhookDelivery" WHERE "eventId" LIKE ?`).pluck().all(`${prefix}%`) as string[],
  );
  const distinct = new Set(stored);
  const lost = acknowledged.filter((id) => !distinct.has(id)).length;
  return {
    acknowledged: acknowledged.length,
    rows: stored.length,
    lost,
    doubled: stored.length - distinct.size,
    unanswered: distinct.size - (acknowledged.length - lost),
  };
}

interface WorkerProgress {
  jobsQueued: number;
  processed: number;
  /** Attempts that failed and wait for a retry, e.g. THROTTLED by the shop's Admin API bucket. */
  failed: number;
}

/** Jobs waiting in the app's queue, and its deliveries by outcome so far. */
function workerProgress(): WorkerProgress {
  return readDb(APP_DB, (db) => {
    const count = (where: string) => Number(db.prepare(`SELECT count(*) FROM "WebhookDelivery" WHERE ${where}`).pluck().get());
    return {
      jobsQueued: Number(db.prepare(`SELECT count(*) FROM "Job"`).pluck().get()),
      processed: count(`"status" IN ('processed', 'skipped')`),
      failed: count(`"status" = 'failed'`),
    };
  });
}

async function waitForIdleWorker(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (workerProgress().jobsQueued === 0) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function measure(server: Server, phase: Phase, bodies: FireSpec["bodies"]): Promise<Measured> {
  const eventPrefix = `bench-${server.name}-${phase.key}-`;
  const workerBefore = server.name === "app" ? workerProgress() : undefined;
  const serverCpu = processCpuMs(server.pid);
  const simulatorCpu = process.cpuUsage();
  const fire = await runFire({
    url: server.url,
    shop: DEMO_SHOP,
    bodies,
    eventPrefix,
    connections: phase.connections,
    durationSeconds: SECONDS,
    overallRate: phase.overallRate,
  });
  const simulatorUsage = process.cpuUsage(simulatorCpu);
  const measured: Measured = {
    server: server.name,
    phase,
    fire,
    serverCpuMs: processCpuMs(server.pid) - serverCpu,
    simulatorCpuMs: (simulatorUsage.user + simulatorUsage.system) / 1000,
    check: checkRows(server.db, eventPrefix, fire.acknowledged),
  };
  if (workerBefore) {
    const after = workerProgress();
    measured.worker = { jobsQueued: after.jobsQueued, processed: after.processed - workerBefore.processed, failed: after.failed };
  }
  const { fire: f } = measured;
  log(`  ${server.name.padEnd(4)} ${phase.label.padEnd(20)} ${fmt(f.requestsPerSecond, 0).padStart(6)} req/s  p99 ${f.latency.p99} ms  (${f.ok} 2xx, ${f.non2xx} non-2xx, ${f.errors} errors)`);
  return measured;
}

const fmt = (n: number, digits = 1) => (Number.isNaN(n) ? "n/a" : n.toFixed(digits));
const percentOfCore = (cpuMs: number) => `${fmt(cpuMs / SECONDS / 10, 0)} %`;

function printTable(results: Measured[]) {
  const header = ["server", "load", "req/s", "p50", "p90", "p99", "max", "non-2xx", "errors", "server CPU", "CPU/req", "loadgen CPU"];
  const rows = results.map((r) => [
    r.server,
    r.phase.label,
    fmt(r.fire.requestsPerSecond, 0),
    `${r.fire.latency.p50} ms`,
    `${r.fire.latency.p90} ms`,
    `${r.fire.latency.p99} ms`,
    `${r.fire.latency.max} ms`,
    String(r.fire.non2xx),
    String(r.fire.errors + r.fire.timeouts),
    percentOfCore(r.serverCpuMs),
    `${fmt(r.serverCpuMs / Math.max(1, r.fire.responses), 2)} ms`,
    percentOfCore(r.fire.cpuMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  log(line(header));
  log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) log(line(row));
}

function printTargets(results: Measured[]) {
  const find = (server: Server["name"], phase: Phase) => results.find((r) => r.server === server && r.phase === phase)!;
  log("Targets (issue 3), as measured in this run:");
  for (const phase of PHASES.filter((p) => !p.overallRate)) {
    const app = find("app", phase).fire.requestsPerSecond;
    const bare = find("bare", phase).fire.requestsPerSecond;
    const ratio = app / bare;
    log(`  ${phase.label}: app/bare throughput ${fmt(app, 0)}/${fmt(bare, 0)} = ${fmt(ratio, 2)}; target ≥ 0.50 ${ratio >= 0.5 ? "holds" : "does not hold"}`);
  }
  for (const phase of PHASES.filter((p) => p.overallRate)) {
    const rate = phase.overallRate!;
    const describe = (r: Measured) => `p99 ${r.fire.latency.p99} ms at ${fmt(r.fire.requestsPerSecond, 0)} req/s achieved`;
    const app = find("app", phase);
    const reached = app.fire.requestsPerSecond >= rate * 0.95;
    const verdict = reached && app.fire.latency.p99 <= 100 ? "holds" : `does not hold${reached ? "" : ` (${rate} req/s was not reached)`}`;
    log(`  ${phase.label}: app ${describe(app)}; target p99 ≤ 100 ms ${verdict}`);
    log(`  ${"".padEnd(phase.label.length)}  bare, for reference: ${describe(find("bare", phase))}`);
    log(`  (autocannon's overallRate sends each second's ${rate} requests from the start of that second,`);
    log(`  ${rate / phase.connections} per connection back to back: bursts, harsher than evenly spaced deliveries.)`);
  }
}

/** Prints the check; true when every server stored every 2xx exactly once. */
function printCorrectness(results: Measured[]): boolean {
  log("Correctness: the events answered 2xx against the rows each server stored (by event id):");
  for (const { server, phase, check: c } of results) {
    const verdict = c.lost === 0 && c.doubled === 0 ? "ok" : "WRONG";
    const equal = c.acknowledged === c.rows ? "rows = 2xx" : `rows = 2xx + ${c.unanswered} unanswered (in flight when autocannon stopped)`;
    log(`  ${server.padEnd(4)} ${phase.label.padEnd(20)} ${verdict}: ${c.acknowledged} 2xx, ${c.rows} rows, ${c.lost} lost, ${c.doubled} doubled; ${equal}`);
  }
  return results.every(({ check: c }) => c.lost === 0 && c.doubled === 0);
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");

// The run.
const started = Date.now();
rmSync(DATA, { recursive: true, force: true });
mkdirSync(DATA, { recursive: true });

log(`Orderflow webhook ingest benchmark, ${new Date().toISOString()}`);
log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${loadAverage()}`);
log("Building and starting the simulator and the app (remix-serve build/server/index.js, NODE_ENV=production)…");
const stack = await startStack({
  appPort: APP_PORT,
  simulatorPort: SIMULATOR_PORT,
  databaseUrl: `file:./${path.relative(root, APP_DB)}`,
  freshDatabase: true,
  build: true,
});
let bare: ChildProcess | undefined;
let correct = false;
try {
  await seedDemoStore(stack.simulatorUrl);
  await installApp(stack.simulatorUrl);
  const orders: PlacedOrder[] = [];
  for (let n = 0; n < ORDERS; n++) orders.push((await placeOrder(stack.simulatorUrl, n)) as PlacedOrder);
  // Placing orders makes the simulator deliver its own webhooks; the worker finishes them first.
  if (!(await waitForIdleWorker(60_000))) log("  (the worker had not finished the seeding deliveries after 60 s; going on)");
  const { bodies, source, bytes } = signedBodies(orders, LOCAL_API_SECRET);
  bare = await startBare();
  const servers: Server[] = [
    { name: "bare", url: `http://127.0.0.1:${BARE_PORT}`, db: BARE_DB, pid: bare.pid },
    { name: "app", url: stack.appUrl, db: APP_DB, pid: appPid() },
  ];

  log(`Ready after ${fmt((Date.now() - started) / 1000, 0)} s.`);
  log(`Deliveries: POST /webhooks/orders/create, a ${bytes} byte body from ${source},`);
  log(`  re-pointed at ${ORDERS} orders of the simulator's shop ${DEMO_SHOP} (app installed), valid HMAC,`);
  log(`  a new X-Shopify-Event-Id on every request.`);
  log(`bare: bench/ingest/bare-server.ts (node:http + better-sqlite3: HMAC, insert, 200), port ${BARE_PORT}.`);
  log(`app:  the built app on port ${APP_PORT} with its worker ON, as shipped on SQLite (WORKER_MODE=in-process,`);
  log(`  WORKER_CONCURRENCY=2; external mode is refused on SQLite): besides answering, it works each delivery`);
  log(`  (reads the order from the simulator's Admin API, stores a snapshot, tags the order).`);
  log(`Phases of ${SECONDS} s: all of bare's, then all of the app's, so the app's worker, still busy after a`);
  log(`  phase, never takes CPU from the bare server.`);
  log("");

  const results: Measured[] = [];
  for (const server of servers) {
    for (const phase of PHASES) {
      const queued = server.name === "app" ? workerProgress().jobsQueued : 0;
      if (queued > 0) log(`  (app: ${queued} jobs queued from earlier phases; the worker keeps at them during this one)`);
      results.push(await measure(server, phase, bodies));
    }
  }

  log("");
  printTable(results);
  log("req/s: responses per second (autocannon's mean of its per-second counts). Latencies: autocannon, whole");
  log("milliseconds, 2xx responses. server CPU: user+system of the server process as a share of one core;");
  log("CPU/req: that CPU per response. loadgen CPU: the autocannon process.");
  log("");
  log("The app's worker during its phases:");
  for (const r of results.filter((r) => r.worker)) {
    log(
      `  ${r.phase.label.padEnd(20)} processed ${r.worker!.processed} deliveries; at the end ${r.worker!.jobsQueued} jobs queued, ` +
        `${r.worker!.failed} deliveries failed and waiting for a retry; the simulator (in this process) used ${percentOfCore(r.simulatorCpuMs)} of a core`,
    );
  }
  log("");
  printTargets(results);
  log("");
  correct = printCorrectness(results);
} finally {
  if (bare && bare.exitCode === null) {
    const exited = new Promise((r) => bare!.once("exit", r));
    bare.kill("SIGTERM");
    await exited;
  }
  await stack.stop();
}
log("");
// The databases run to hundreds of MB; they are kept only when something needs looking into.
if (correct) rmSync(DATA, { recursive: true, force: true });
log(`Done in ${fmt((Date.now() - started) / 1000, 0)} s; load average ${loadAverage()}.${correct ? "" : ` Databases kept in ${path.relative(root, DATA)}/.`}`);
