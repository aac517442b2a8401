/**
 * What every benchmark returns, and how results are written: one JSON file per suite in
 * bench/results/, a Markdown table of all suites (bench/results/latest.md), and the same table
 * in the README between the bench markers.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

export interface BenchResult {
  /** Stable id, e.g. `fold.full.1m`. */
  id: string;
  /** What a reader sees in the table. */
  label: string;
  value: number;
  unit: string;
  /** The goal, if the issue sets one; `pass` is computed from it. */
  target?: { op: '>=' | '<='; value: number };
  /** Extra figures worth keeping (e.g. a baseline of the same run). */
  detail?: Record<string, number | string>;
}

export interface SuiteReport {
  suite: string;
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  results: (BenchResult & { pass?: boolean })[];
}

export const RESULTS_DIR = join(import.meta.dirname, 'results');

export function machine(): SuiteReport['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

export function judge(result: BenchResult): BenchResult & { pass?: boolean } {
  if (!result.target) return result;
  const { op, value } = result.target;
  return { ...result, pass: op === '>=' ? result.value >= value : result.value <= value };
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

export function tableOf(reports: SuiteReport[]): string {
  const rows = [
    '| benchmark | result | target | met |',
    '|---|---|---|---|',
    ...reports.flatMap((report) =>
      report.results.map((r) => {
        const target = r.target ? `${r.target.op} ${formatNumber(r.target.value)} ${r.unit}` : '';
        const met = r.pass === undefined ? '' : r.pass ? 'yes' : '**no**';
        return `| ${r.label} | ${formatNumber(r.value)} ${r.unit} | ${target} | ${met} |`;
      }),
    ),
  ];
  return rows.join('\n');
}

export function writeReport(report: SuiteReport): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${report.suite}.json`), JSON.stringify(report, null, 2) + '\n');
}

/** Every suite's latest report, in a stable order. */
export function readReports(): SuiteReport[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as SuiteReport);
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Writes bench/results/latest.md and replaces the README's table between the markers. */
export async function publishTable(readmePath: string): Promise<string> {
  const reports = readReports();
  const m = reports[0]?.machine;
  const header = m
    ? `Measured ${reports
        .map((r) => r.startedAt.slice(0, 10))
        .sort()
        .at(-1)} on ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}.`
    : '';
  const table = `${header}\n\n${tableOf(reports)}`;
  writeFileSync(join(RESULTS_DIR, 'latest.md'), table + '\n');
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from >= 0 && to > from) {
    const updated = `${readme.slice(0, from + START.length)}\n\n${table}\n\n${readme.slice(to)}`;
    const options = (await resolveConfig(readmePath)) ?? {};
    writeFileSync(readmePath, await format(updated, { ...options, filepath: readmePath }));
  }
  return table;
}
