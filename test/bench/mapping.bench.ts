/**
 * In-process cost of the node's own work per item: preparePayments (mapping + validation +
 * duplicate check) over item JSON shaped like a real ERP / bank export. No n8n, no HTTP: this is
 * the part of a run the node itself controls. Not part of npm test.
 *
 *   npx tsx test/bench/mapping.bench.ts
 *
 * `npm run bench` (test/bench/run.ts) reuses makeItems and measure.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { preparePayments } from '../../nodes/Amili/records/payments';

const SIZES = [1_000, 10_000, 50_000, 100_000];
const RUNS = 9; // median of these, after warm-up
export const TARGET_SIZE = 50_000;
export const TARGET_US = 5;

/** Deterministic pseudo-random numbers, so every run measures the same input. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** What an item coming out of an ERP, bank or spreadsheet node tends to hold. */
export function makeItems(count: number, seed = 42): Array<Record<string, unknown>> {
	const next = random(seed);
	const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)];
	const items: Array<Record<string, unknown>> = [];
	for (let i = 0; i < count; i++) {
		const minor = 100 + Math.floor(next() * 5_000_000);
		const amountForm = next();
		const year = 2024 + Math.floor(next() * 2);
		const month = 1 + Math.floor(next() * 12);
		const day = 1 + Math.floor(next() * 28);
		const dateForm = next();
		const date =
			dateForm < 0.4
				? `${year}-${pad(month)}-${pad(day)}`
				: dateForm < 0.8
					? `${year}-${pad(month)}-${pad(day)}T${pad(Math.floor(next() * 24))}:${pad(Math.floor(next() * 60))}:${pad(Math.floor(next() * 60))}Z`
					: `${year}-${pad(month)}-${pad(day)}T${pad(Math.floor(next() * 24))}:${pad(Math.floor(next() * 60))}:00.${pad(Math.floor(next() * 1000), 3)}+01:00`;
		items.push({
			invoiceNumber: next() < 0.3 ? 10_000 + i : `INV-${year}-${pad(i, 6)}`,
			...(next() < 0.2 && { invoiceId: `4f163819-178d-470c-a246-${pad(i, 12)}` }),
			uniqueSourcePaymentId: `bank-${seed}-${i}`,
			amount:
				amountForm < 0.6
					? minor / 100
					: amountForm < 0.9
						? (minor / 100).toFixed(2)
						: String(minor / 100),
			currency: pick(['NOK', 'NOK', 'NOK', 'SEK', 'EUR', 'nok']),
			date,
			...(next() < 0.5 && {
				description: `Innbetaling KID ${Math.floor(next() * 1e10)} fra ${pick(['Ola Nordmann', 'Kari Hansen', 'Åse Ødegård AS'])}`,
			}),
			...(next() < 0.3 && { type: 'DIRECT_PAYMENT' }),
			// fields the node ignores, as real items carry them
			customerNumber: `C${Math.floor(next() * 1e6)}`,
			bankAccount: '1234.56.78903',
			importedAt: '2025-03-09T14:30:00.000Z',
			raw: { line: i, file: 'OCR-20250309.txt' },
		});
		// a small share of items that fail validation, as in real runs
		if (next() < 0.01) items[i].amount = '12,50';
		if (next() < 0.005) items[i].uniqueSourcePaymentId = `bank-${seed}-${Math.max(0, i - 1)}`;
	}
	return items;
}

/** A full GC before each heap reading, without needing --expose-gc on the command line. */
function exposeGc(): (() => void) | undefined {
	try {
		setFlagsFromString('--expose-gc');
		return runInNewContext('gc') as () => void;
	} catch {
		return undefined;
	}
}
const gc = (globalThis as { gc?: () => void }).gc ?? exposeGc();

function heapNow(): number {
	gc?.();
	return process.memoryUsage().heapUsed;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function measure(count: number): {
	usPerItem: number;
	minUs: number;
	maxUs: number;
	heapMb: number;
	accepted: number;
} {
	const items = makeItems(count);
	// warm-up on the same shapes (lets V8 optimise before timing)
	for (let i = 0; i < 3; i++) preparePayments(items);
	const times: number[] = [];
	let accepted = 0;
	for (let run = 0; run < RUNS; run++) {
		const start = process.hrtime.bigint();
		const result = preparePayments(items);
		const elapsed = Number(process.hrtime.bigint() - start) / 1000; // µs
		times.push(elapsed / count);
		accepted = count - result.problems.size;
	}
	// heap held by one run's result (payments + problems), the input already allocated
	const before = heapNow();
	const kept = preparePayments(items);
	const after = heapNow();
	if (kept.records.length !== count) throw new Error('preparePayments lost items');
	return {
		usPerItem: median(times),
		minUs: Math.min(...times),
		maxUs: Math.max(...times),
		heapMb: (after - before) / 1024 / 1024,
		accepted,
	};
}

function main(): void {
	console.log(
		`preparePayments, median of ${RUNS} runs after warm-up; node ${process.version}${gc ? '' : ' (no gc: heap figures are rough)'}`,
	);
	console.log('items      µs/item (median)  min–max          heap growth (per item)   accepted');
	let atTarget = NaN;
	for (const size of SIZES) {
		const m = measure(size);
		if (size === TARGET_SIZE) atTarget = m.usPerItem;
		console.log(
			`${String(size).padEnd(10)} ${m.usPerItem.toFixed(2).padStart(8)}          ${m.minUs.toFixed(2)}–${m.maxUs.toFixed(2)}`.padEnd(
				46,
			) +
				`${m.heapMb.toFixed(1).padStart(7)} MB (${Math.round((m.heapMb * 1024 * 1024) / size)} B)`.padEnd(
					25,
				) +
				`${m.accepted}`,
		);
	}
	console.log(
		`target <${TARGET_US} µs/item at ${TARGET_SIZE.toLocaleString('en')}: ${atTarget < TARGET_US ? 'HOLDS' : 'MISSED'} (${atTarget.toFixed(2)} µs)`,
	);
}

if (require.main === module) main();
