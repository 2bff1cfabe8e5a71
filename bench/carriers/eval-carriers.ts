// Replays a shipment history against a rate card and prints the engine beside three baselines:
//   npx tsx bench/carriers/eval-carriers.ts history.csv ratecard.csv
//     [--train 0.7] [--default-service <service id>] [--settings settings.json]
// Formats: bench/carriers/FORMAT.md. Exits 1, listing every problem by file and line, when an input is wrong.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { prepareCatalog } from "../../app/domain/carriers/catalog";
import { parseCatalogCsv } from "../../app/domain/carriers/catalog-csv";
import type { CsvProblem } from "../../app/domain/carriers/csv";
import { evaluatePolicies, formatEvaluation, parseHistoryCsv } from "../../app/domain/carriers/evaluate";
import { parseSettings } from "../../app/domain/carriers/recommend";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    train: { type: "string", default: "0.7" },
    "default-service": { type: "string" },
    settings: { type: "string" },
  },
});

function fail(lines: string[]): never {
  console.error(lines.join("\n"));
  process.exit(1);
}

function report(file: string, problems: CsvProblem[]): string[] {
  return problems.map((p) => `${file}:${p.line}: ${p.field ? `${p.field}: ` : ""}${p.message}`);
}

const [historyFile, ratecardFile] = positionals;
if (!historyFile || !ratecardFile || positionals.length > 2) {
  fail(["usage: eval-carriers.ts history.csv ratecard.csv [--train 0.7] [--default-service id] [--settings settings.json]"]);
}
const trainFraction = Number(values.train);
if (!(trainFraction > 0 && trainFraction < 1)) fail([`--train must be a fraction between 0 and 1, got ${values.train}`]);

const history = parseHistoryCsv(readFileSync(historyFile, "utf8"));
const ratecard = parseCatalogCsv(readFileSync(ratecardFile, "utf8"));
const settings = parseSettings(values.settings ? JSON.parse(readFileSync(values.settings, "utf8")) : {});
const problems = [
  ...(history.ok ? [] : report(historyFile, history.errors)),
  ...(ratecard.ok ? [] : report(ratecardFile, ratecard.errors)),
  ...(settings.ok ? [] : settings.errors.map((e) => `${values.settings}: ${e.path.join(".")}: ${e.message}`)),
];
if (!history.ok || !ratecard.ok || !settings.ok) fail(problems);

const catalog = prepareCatalog(ratecard.value);
const defaultServiceId = values["default-service"] ?? null;
if (defaultServiceId !== null && !catalog.serviceById.has(defaultServiceId)) {
  fail([`--default-service ${defaultServiceId} is not a service of ${ratecardFile}: ${[...catalog.serviceById.keys()].join(", ")}`]);
}
const evaluation = evaluatePolicies({ history: history.value, catalog, settings: settings.value, trainFraction, defaultServiceId });
console.log(formatEvaluation(evaluation, catalog.currency, settings.value.locale));
