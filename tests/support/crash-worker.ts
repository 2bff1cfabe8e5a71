// For the crash tests: a job worker in a process of its own (tests/support/job-worker-process.ts)
// that a test can kill in the middle of a job, and the lock expiry a queue applies to the jobs of
// a worker that died.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { AppHarness } from "./app-harness";
import { appScopes, LOCAL_API_KEY, LOCAL_API_SECRET, root } from "./stack";

export function startWorkerProcess(h: AppHarness): ChildProcess {
  // One process: node with tsx's loader. tsx's CLI would run the script in a child of its own, and
  // killing the CLI would leave that child working the queue: no crash at all.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/support/job-worker-process.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: h.testDb.url,
      SHOPIFY_API_KEY: LOCAL_API_KEY,
      SHOPIFY_API_SECRET: LOCAL_API_SECRET,
      SHOPIFY_APP_URL: h.appUrl,
      SCOPES: appScopes(),
      SHOPIFY_SIMULATOR_URL: h.simulatorUrl,
      WORKER_MODE: "in-process",
      WORKER_CONCURRENCY: "1",
    },
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

/** What a queue does for a job whose worker died: take it again once its lock has expired (here, at once). */
export async function expireLocks(h: AppHarness): Promise<void> {
  if (h.testDb.flavour === "sqlite") {
    await h.testDb.db.$executeRawUnsafe(`UPDATE "Job" SET "lockedAt" = NULL, "lockedBy" = NULL, "runAt" = ${Date.now()}`);
  } else {
    await h.testDb.db.$executeRawUnsafe("update graphile_worker._private_jobs set locked_at = null, locked_by = null, run_at = now()");
  }
}
