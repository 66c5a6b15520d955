/**
 * `npx tsx test/bench/store-calls.ts`: how many times one Create run reads and writes n8n's
 * de-duplication store (never twice across runs), per scenario, for 10,000 payments — the node run
 * in-process against the simulator and a copy of n8n 2.41.1's store semantics
 * (test/unit/processed-store.ts). Each call reads the workflow's whole row; each call but the count
 * writes it back. Printed as a table for BENCHMARKS.md.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { execute as createPayments } from '../../nodes/Amili/actions/payment/create.operation';
import { DEFAULT_HISTORY_SIZE } from '../../nodes/Amili/create/defaults';
import { entriesPerRecord } from '../../nodes/Amili/memory/sentMemory';
import { startSimulator, type AmiliSimulator } from '../simulator';
import { executeContext, ORG } from '../unit/in-process';
import { ProcessedStore } from '../unit/processed-store';
import { benchItems } from './node-cost';

const N = 10_000;
const FULL = DEFAULT_HISTORY_SIZE * entriesPerRecord(['uniqueSourcePaymentId']);

async function run(sim: AmiliSimulator, store: ProcessedStore, items: INodeExecutionData[]) {
	const before = store.calls.length;
	const started = performance.now();
	await createPayments.call(
		executeContext(sim, {
			items,
			store,
			typeVersion: 2,
			parameters: { organizationId: ORG, mappingMode: 'autoMapInputData', options: {} },
		}),
	);
	const calls = store.calls.slice(before);
	const countOf = (name: string) => calls.filter((call) => call === name).length;
	return {
		writes: countOf('checkProcessedAndRecord') + countOf('removeProcessed'),
		reads: calls.length,
		adds: countOf('checkProcessedAndRecord'),
		removes: countOf('removeProcessed'),
		counts: countOf('getProcessedDataCount'),
		ms: Math.round(performance.now() - started),
	};
}

/** A store holding `entries` hashes of records no run sends. */
function filled(entries: number): ProcessedStore {
	const store = new ProcessedStore();
	store.rows.set(
		'workflow',
		Array.from({ length: entries }, (_, i) => `remembered-before-${i}`),
	);
	return store;
}

async function main(): Promise<void> {
	const sim = await startSimulator({ batchDelayMs: 0 });
	try {
		const items = benchItems(N, 'CALLS');
		const rows: Array<[string, Awaited<ReturnType<typeof run>>]> = [];
		const empty = filled(0);
		rows.push(['memory on, empty: 10,000 new', await run(sim, empty, items)]);
		rows.push(['the same 10,000 again (all sent before)', await run(sim, empty, items)]);
		const full = filled(FULL);
		const fullLabel = `default History Size (${DEFAULT_HISTORY_SIZE.toLocaleString('en')}) full`;
		rows.push([`${fullLabel}: 10,000 new`, await run(sim, full, items)]);
		rows.push([`${fullLabel}: the same 10,000 again (refreshed)`, await run(sim, full, items)]);
		console.log(
			'\n| 10,000 payments | store calls | of them writes | add / remove / count | in-process ms |',
		);
		console.log('|---|---:|---:|---|---:|');
		for (const [label, r] of rows)
			console.log(
				`| ${label} | ${r.reads} | ${r.writes} | ${r.adds} / ${r.removes} / ${r.counts} | ${r.ms} |`,
			);
		// What n8n reads and writes back on every call: the row, as JSON, once History Size is full.
		const row = JSON.stringify(full.rows.get('workflow') ?? []);
		console.log(
			`\nThe row n8n rewrites on each call, default History Size full: ${(full.rows.get('workflow') ?? []).length.toLocaleString('en')} entries, ${(row.length / 1e6).toFixed(2)} MB`,
		);
	} finally {
		await sim.close();
	}
}

void main();
