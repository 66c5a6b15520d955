/**
 * The local scenario's command line and what it compares: the ways of posting payments (variants),
 * each with the workflow it runs and how many repetitions it gets at each N.
 */
import type { JsonObject } from '../harness/workflow';
import { DEFAULT_HISTORY_SIZE } from '../../nodes/Amili/create/defaults';
import { entriesPerRecord } from '../../nodes/Amili/memory/sentMemory';
import * as wf from './workflows';

export const DEFAULT_BATCH = 1000;
/**
 * The second Batch Size: 100. Amili documents no limit on a request; a user who fears one (a gateway
 * body limit, a timeout on a large batch) falls back to a small batch. 100 payments are ~15 KB, below
 * any plausible limit, and ten times the requests show what each request costs inside n8n.
 */
export const SMALL_BATCH = 100;
export const CHUNK = 1000;
/** Largest N at which the HTTP Request one-per-item way is measured; above it, scaled from this N. */
export const HTTP_PER_ITEM_MAX = 10_000;
export const TARGET_N = 10_000;
/**
 * Never twice: the full memory the benchmark measures against, in n8n's entries: the default History
 * Size's records, each its identity, content and accepted mark (memory/memoryKeys.ts).
 */
export const MEMORY_FULL = DEFAULT_HISTORY_SIZE * entriesPerRecord(['uniqueSourcePaymentId']);

export interface Args {
	sizes: number[];
	reps: number | undefined;
	json: string | undefined;
	/** Only the variants with these keys (and the baseline), e.g. memoryOff,memory0. */
	only: string[] | undefined;
}

export function parseArgs(argv: string[]): Args {
	const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
	const sizes = get('sizes')?.split(',').map(Number) ?? [1_000, 10_000, 50_000];
	const reps = get('reps') ? Number(get('reps')) : undefined;
	return { sizes, reps, json: get('json'), only: get('only')?.split(',') };
}

type Group = '0' | '1' | '2' | '3' | '4' | 'ref';

export interface Variant {
	key: string;
	group: Group;
	label: string;
	/** Repetitions at N (0: not run). */
	reps: (n: number) => number;
	/** An n8n workflow, or undefined for the wire client. */
	build?: (n: number, prefix: string, ep: wf.Endpoints) => wf.BenchWorkflow;
	env?: Record<string, string>;
	/** Payments expected at the simulator. */
	posts: boolean;
	/** Never twice: records the workflow's memory holds before each run (memory.ts); unset: not touched. */
	memory?: number;
}

/** The variants --only keeps (the baseline always), in the order they run and print. */
export function selectedVariants(args: Args): Variant[] {
	return variants(args).filter(
		(v) => !args.only || v.key === 'baseline' || args.only.includes(v.key),
	);
}

function variants(args: Args): Variant[] {
	const reps = (n: number) => args.reps ?? (n >= 50_000 ? 2 : 3);
	return [
		{
			key: 'baseline',
			group: '0',
			label: '(0) n8n alone: generate N items',
			reps,
			build: wf.baseline,
			posts: false,
		},
		...amiliVariants(reps),
		...memoryVariants(reps),
		...mapEachVariants(reps),
		...otherWays(reps),
	];
}

/** (1) The Amili Payment node at both Batch Sizes and with Map Each Field. */
function amiliVariants(reps: (n: number) => number): Variant[] {
	return [
		{
			key: 'amili',
			group: '1',
			label: `(1) Amili Payment, Map Automatically, Batch Size ${DEFAULT_BATCH} (default)`,
			reps,
			build: (n, p, ep) => wf.amiliNode(n, p, ep, DEFAULT_BATCH),
			posts: true,
		},
		{
			key: 'amiliSmall',
			group: '1',
			label: `(1) Amili Payment, Map Automatically, Batch Size ${SMALL_BATCH}`,
			reps,
			build: (n, p, ep) => wf.amiliNode(n, p, ep, SMALL_BATCH),
			posts: true,
		},
	];
}

/**
 * Never twice across runs: node version 2 at Batch Size 1000 with its memory off, on and empty, and
 * on with the default History Size full (50,000 records, 150,000 entries). The memory's own cost is
 * the difference to the first (printMemoryCost).
 */
function memoryVariants(reps: (n: number) => number): Variant[] {
	const v2 = (label: string, options: JsonObject, memory?: number): Variant => ({
		key: `memory${memory ?? 'Off'}`,
		group: '1',
		label: `(1) Amili Payment v2, Batch Size ${DEFAULT_BATCH}, ${label}`,
		reps: (n) => (n <= TARGET_N ? reps(n) : 0),
		build: (n, p, ep) => wf.amiliNode(n, p, ep, DEFAULT_BATCH, { typeVersion: 2, options }),
		posts: true,
		memory,
	});
	return [
		v2('Skip Payments Sent Before off', { skipSentBefore: false }),
		v2('memory on, empty', {}, 0),
		v2(
			`memory on, default History Size (${DEFAULT_HISTORY_SIZE.toLocaleString('en')}) full`,
			{},
			MEMORY_FULL,
		),
	];
}

/** (1) Map Each Field, and what its expressions cost elsewhere in n8n (the references). */
function mapEachVariants(reps: (n: number) => number): Variant[] {
	return [
		{
			key: 'amiliMapEach',
			group: '1',
			label: '(1) Amili Payment, Map Each Field (8 expressions)',
			reps: (n) => (n <= 1_000 ? reps(n) : n <= TARGET_N ? 1 : 0),
			build: (n, p, ep) => wf.amiliNodeMapEach(n, p, ep, DEFAULT_BATCH),
			posts: true,
		},
		{
			key: 'setRef',
			group: 'ref',
			label: 'ref: Edit Fields (Set), the same 8 expressions, no posting',
			reps: (n) => (n <= 1_000 ? Math.min(reps(n), 2) : 0),
			build: (n, p) => wf.setExpressions(n, p),
			posts: false,
		},
		{
			key: 'amiliMapEachLegacy',
			group: 'ref',
			label: 'ref: Map Each Field, N8N_EXPRESSION_ENGINE=legacy',
			reps: (n) => (n <= 1_000 ? Math.min(reps(n), 2) : 0),
			build: (n, p, ep) => wf.amiliNodeMapEach(n, p, ep, DEFAULT_BATCH),
			env: { N8N_EXPRESSION_ENGINE: 'legacy' },
			posts: true,
		},
	];
}

/** (2)–(4): today's ways without the node. */
function otherWays(reps: (n: number) => number): Variant[] {
	/** Costly ways (seconds to minutes a run): fewer repetitions at 10,000, none above. */
	const costly = (n: number) => (n <= 1_000 ? reps(n) : n <= TARGET_N ? Math.min(reps(n), 2) : 0);
	return [
		{
			key: 'httpPerItem',
			group: '2',
			label: '(2) HTTP Request, one request per item',
			reps: (n) => (n <= HTTP_PER_ITEM_MAX ? costly(n) : 0),
			build: wf.httpPerItem,
			posts: true,
		},
		{
			key: 'codeChunks',
			group: '3',
			label: `(3) Code chunks of ${CHUNK} + HTTP Request per chunk`,
			reps,
			build: (n, p, ep) => wf.codeChunks(n, p, ep, CHUNK),
			posts: true,
		},
		{
			key: 'wire',
			group: '4',
			label: `(4) wire: plain Node.js, ${CHUNK} per POST, no n8n`,
			reps: (n) => Math.max(reps(n), 5),
			posts: true,
		},
	];
}
