// Starts the whole local stack — the store simulator and the built app wired to it — for the
// demo, the browser tests and the benchmarks. The app runs exactly as in production (`npm start`:
// server.ts over build/, and `npm run worker` when the worker is external); only
// SHOPIFY_SIMULATOR_URL points it at the simulator.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { readFileSync } from "node:fs";
import { startSimulator } from "../simulator/server";

export const root = path.resolve(import.meta.dirname, "../..");

export const LOCAL_API_KEY = "orderflow-local-client-id";
export const LOCAL_API_SECRET = "orderflow-local-secret";

export interface StackOptions {
  appPort?: number;
  simulatorPort?: number;
  databaseUrl?: string;
  /** Delete the SQLite file first (the simulator starts empty, so the app's data must too). */
  freshDatabase?: boolean;
  /** Run `remix vite:build` first (default: only when build/ is missing). */
  build?: boolean;
  apiSecret?: string;
  /** "external": the web process only enqueues, and a second process (`npm run worker`) works the jobs. */
  workerMode?: "in-process" | "external";
  extraEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Stack {
  appUrl: string;
  simulatorUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The web process (server.ts) and, with an external worker, the worker's. */
  appPid: number | undefined;
  workerPid: number | undefined;
  stop(): Promise<void>;
}

export function appScopes(): string {
  const toml = parseToml(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as { access_scopes?: { scopes?: string } };
  return toml.access_scopes?.scopes ?? "";
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app did not answer ${url} within ${timeoutMs} ms`);
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const appPort = options.appPort ?? 3000;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const apiSecret = options.apiSecret ?? LOCAL_API_SECRET;
  const databaseUrl = options.databaseUrl ?? "file:./prisma/demo.sqlite";

  if (options.freshDatabase && databaseUrl.startsWith("file:")) {
    const file = path.resolve(root, databaseUrl.slice("file:".length));
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  }
  log("Preparing the database and Shopify's schema…");
  execFileSync("npx", ["tsx", "tests/support/setup.ts"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (options.build || !existsSync(path.join(root, "build/server/index.js"))) {
    log("Building the app…");
    execFileSync("npx", ["remix", "vite:build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  }

  const simulator = await startSimulator({
    port: options.simulatorPort ?? 4100,
    appUrl,
    apiKey: LOCAL_API_KEY,
    apiSecret,
  });

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    PORT: String(appPort),
    HOST: "127.0.0.1",
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_API_KEY: LOCAL_API_KEY,
    SHOPIFY_API_SECRET: apiSecret,
    SCOPES: appScopes(),
    DATABASE_URL: databaseUrl,
    SHOPIFY_SIMULATOR_URL: simulator.url,
    // Read by @shopify/shopify-app-remix for its bounce page; the simulator serves the stand-in.
    APP_BRIDGE_URL: `${simulator.url}/shopifycloud/app-bridge.js`,
    WORKER_MODE: options.workerMode ?? "in-process",
    ...options.extraEnv,
  };
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  const startProcess = (script: string) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: appEnv });
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    return child;
  };
  const app = startProcess("server.ts");
  const worker = options.workerMode === "external" ? startProcess("app/jobs/worker.ts") : undefined;
  const stopProcess = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };

  try {
    await waitForHealthy(`${appUrl}/healthz`, app);
  } catch (error) {
    await Promise.all([app, worker].filter((c) => c !== undefined).map(stopProcess));
    await simulator.close();
    throw new Error(`${(error as Error).message}\n--- app output ---\n${output.join("")}`);
  }

  return {
    appUrl,
    simulatorUrl: simulator.url,
    apiKey: LOCAL_API_KEY,
    apiSecret,
    appPid: app.pid,
    workerPid: worker?.pid,
    async stop() {
      await Promise.all([app, worker].filter((c) => c !== undefined).map(stopProcess));
      await simulator.close();
    },
  };
}
