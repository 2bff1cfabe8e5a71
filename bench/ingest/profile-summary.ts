// `npx tsx bench/ingest/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile's
// time went, by package (node_modules/<name>, the app's build, Node's own code) and by function,
// as self time. For the app's process under `BENCH_CPU_PROF=<dir> npm run bench:ingest`.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.includes("/build/server/")) return "app (build/server)";
  if (url.startsWith("node:internal/")) return "node:internal/" + url.slice("node:internal/".length).split("/")[0].replace(/\.js$/, "");
  if (url.startsWith("node:")) return url;
  // The only WebAssembly in the app's process: Prisma's query compiler (engineType = "client").
  if (url.startsWith("wasm://")) return "wasm (Prisma's query compiler)";
  return url.replace(/^file:\/\//, "").split("/").slice(-2).join("/");
}

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { callFrame } = nodes.get(id)!;
  const pkg = packageOf(callFrame.url, callFrame.functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  const fn = `${callFrame.functionName || "(anonymous)"}  ${pkg}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const busy = total - (byPackage.get("(idle)") ?? 0);
const show = (title: string, map: Map<string, number>) => {
  console.log(title);
  for (const [key, us] of [...map].filter(([key]) => !key.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s not idle (shares below are of that)`);
show("Self time by package:", byPackage);
show("Self time by function:", byFunction);
