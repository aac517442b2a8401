/** Runs one suite in this process; started by bench/run.ts. */
import { judge, machine, tableOf, writeReport, type SuiteReport } from './harness';
import { SUITES } from './suites';

const name = process.argv[2] ?? '';
const load = SUITES[name];
if (!load) throw new Error(`Unknown suite ${name}`);
const startedAt = new Date().toISOString();
const { run } = await load();
const results = (await run((line: string) => console.log(`  ${line}`))).map(judge);
const report: SuiteReport = { suite: name, startedAt, machine: machine(), results };
writeReport(report);
console.log(tableOf([report]));
