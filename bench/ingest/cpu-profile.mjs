// Preloaded into the app's processes by `BENCH_CPU_PROF=<dir> npm run bench:ingest` (through
// NODE_OPTIONS, where --cpu-prof is not allowed): profiles the whole process and writes
// <dir>/<pid>.cpuprofile when the process is told to stop. Read it with profile-summary.ts.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  process.prependOnceListener("SIGTERM", async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(profile));
    process.exit(0);
  });
}
