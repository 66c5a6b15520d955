/**
 * The ledger's money rules as invariants, held over random journeys (fast-check's commands): runs of
 * Amili Payment (version 2) over a source that changes between them, faults on any POST, payments
 * Amili fails in every failed-entry shape, Batch → Get and Wait for Completion of any earlier
 * batch, Forget Sent, History Size changes and a switch of Amili environment; in-process, against
 * n8n's store (its double) and a model of Amili (amili-model.ts). After every step:
 *
 * 1. no (environment, organization, uniqueSourcePaymentId) is registered twice at Amili;
 * 2. every row of a run's source ends in exactly one output item, and what it says agrees with what
 *    happened: sent before ⇒ Amili answered 202 for it once; unknown ⇒ a request that carried it
 *    lost its answer or its run stopped; sent now ⇒ the batch it names holds it;
 * 3. a payment Amili failed, read on evidence that names it, is sent again by the next run, once.
 *
 * A failing journey is shrunk and printed as its list of steps. `LEDGER_JOURNEYS=20000 npx jest
 * test/unit/ledger` runs a long search; LEDGER_SEED (with LEDGER_PATH) replays one.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AmiliModel, type FailedShape, type PostFault } from './amili-model';
import { executeContext, ORG } from '../in-process';
import { ProcessedStore } from '../processed-store';
import { execute as createPayments } from '../../../nodes/Amili/actions/payment/create.operation';
import { operations } from '../../../nodes/Amili/actions/payment/Payment.resource';
import { executeItem as getBatch } from '../../../nodes/Amili/actions/batch/get.operation';
import { executeItem as waitForCompletion } from '../../../nodes/Amili/actions/batch/waitForCompletion.operation';

const ENVIRONMENTS = ['https://amili-a.test/collection/v1', 'https://amili-b.test/collection/v1'];

interface Row {
	id: string;
	invoice: string;
	amount: number;
	description: string;
}

/** What happened at one Amili, as the invariants need it. */
interface Truth {
	amili: AmiliModel;
	/** IDs Amili answered 202 for. */
	accepted: Set<string>;
	/** IDs a request carried whose answer was lost, or whose run stopped. */
	unknownFate: Set<string>;
	/** ID → the batch whose claim the ledger holds (a 202 in a run that ended). */
	heldBatch: Map<string, string>;
	/** IDs released on evidence that names them: the next run sends them. */
	mustSend: Set<string>;
	/** IDs Forget Sent forgot: a batch's word no longer releases them (memory/releaseFailed.ts). */
	forgotten: Set<string>;
}

class World {
	readonly store = new ProcessedStore();
	readonly truths: Truth[] = ENVIRONMENTS.map((url) => ({
		amili: new AmiliModel(url),
		accepted: new Set(),
		unknownFate: new Set(),
		heldBatch: new Map(),
		mustSend: new Set(),
		forgotten: new Set(),
	}));
	env = 0;
	source: Row[] = [];
	/** `env\nid` → when the ledger last claimed it: n8n keeps the last History Size claimed. */
	private readonly claimedAt = new Map<string, number>();
	private claims = 0;
	historySize = 6;
	nextId = 0;
	frozen = false;
	/** The Create node's static data (its pending batches, its refresh cursor), as n8n saves it. */
	staticData: IDataObject = {};

	constructor() {
		const helpers = this.store.helpers();
		const guarded = Object.fromEntries(
			Object.entries(helpers).map(([name, call]) => [
				name,
				async (...args: unknown[]) => {
					if (this.frozen) throw new Error('n8n is not running');
					return await (call as (...a: unknown[]) => Promise<unknown>)(...args);
				},
			]),
		);
		this.store.helpers = () => guarded as unknown as typeof helpers;
		for (const truth of this.truths) truth.amili.onKill = () => (this.frozen = true);
	}

	get truth(): Truth {
		return this.truths[this.env];
	}

	claimed(id: string): void {
		this.claimedAt.set(`${this.env}\n${id}`, ++this.claims);
	}

	/**
	 * Whether the memory must still hold `id`: among the last History Size records claimed, in any
	 * environment (they share the workflow's memory). Beyond it, n8n may have dropped the record
	 * (docs/payment-node.md, History Size): the invariants do not speak of it. Records met again and
	 * refreshed stay longer in fact; this counts only claims, so it promises less than the ledger keeps.
	 */
	mustRemember(id: string): boolean {
		const at = this.claimedAt.get(`${this.env}\n${id}`);
		if (at === undefined) return true;
		const newer = [...this.claimedAt.values()].filter((other) => other > at).length;
		return newer < this.historySize;
	}

	context(items: INodeExecutionData[], parameters: IDataObject, continueOnFail = false) {
		const amili = this.truth.amili;
		return executeContext(
			{ apiBaseUrl: amili.apiBaseUrl, url: 'https://amili.test', issueAccessToken: () => '' },
			{
				items,
				parameters,
				continueOnFail,
				typeVersion: 2,
				store: this.store,
				staticData: this.staticData,
				apiBaseUrl: amili.apiBaseUrl,
				request: async (options) => {
					// After n8n stopped, nothing of that run reaches Amili (answered at once: no retries).
					if (this.frozen)
						return { statusCode: 400, headers: {}, body: { message: 'n8n stopped' } };
					return await amili.request(options);
				},
			},
		);
	}
}

const itemOf = (row: Row): INodeExecutionData => ({
	json: {
		uniqueSourcePaymentId: row.id,
		invoiceNumber: row.invoice,
		amount: row.amount,
		currency: 'NOK',
		date: '2025-03-09',
		description: row.description,
	},
});

type Command = fc.AsyncCommand<object, World>;
const always = () => true;

class AddRows implements Command {
	constructor(
		readonly count: number,
		readonly sharedInvoice: boolean,
	) {}
	check = always;
	async run(_: object, world: World) {
		for (let i = 0; i < this.count && world.source.length < 7; i++) {
			const id = `tx-${world.nextId++}`;
			const invoice =
				this.sharedInvoice && i > 0 ? `INV-${world.nextId - 2}` : `INV-${world.nextId - 1}`;
			world.source.push({ id, invoice, amount: 100, description: 'paid' });
		}
	}
	toString = () => `add ${this.count}${this.sharedInvoice ? ' on one invoice' : ''}`;
}

class EditRow implements Command {
	constructor(
		readonly index: number,
		readonly edit: 'description' | 'amount' | 'remove' | 'repeat',
	) {}
	check = always;
	async run(_: object, world: World) {
		if (world.source.length === 0) return;
		const at = this.index % world.source.length;
		const row = world.source[at];
		if (this.edit === 'description')
			world.source[at] = { ...row, description: `${row.description}!` };
		if (this.edit === 'amount') world.source[at] = { ...row, amount: row.amount + 1 };
		if (this.edit === 'remove') world.source.splice(at, 1);
		if (this.edit === 'repeat') world.source.push({ ...row });
	}
	toString = () => `${this.edit} row ${this.index}`;
}

class AmiliFails implements Command {
	constructor(
		readonly index: number,
		readonly shape: FailedShape,
	) {}
	check = always;
	async run(_: object, world: World) {
		if (world.source.length === 0) return;
		const { id } = world.source[this.index % world.source.length];
		const { failing } = world.truth.amili;
		if (failing.has(id)) failing.delete(id);
		else failing.add(id);
		world.truth.amili.shape = this.shape;
	}
	toString = () => `Amili toggles failing row ${this.index}, entries shaped ${this.shape}`;
}

class Settings implements Command {
	constructor(
		readonly historySize: number | undefined,
		readonly switchEnvironment: boolean,
	) {}
	check = always;
	async run(_: object, world: World) {
		if (this.historySize !== undefined) world.historySize = this.historySize;
		if (this.switchEnvironment) world.env = 1 - world.env;
	}
	toString = () =>
		this.switchEnvironment ? 'switch environment' : `History Size ${this.historySize}`;
}

class ForgetSent implements Command {
	constructor(readonly index: number) {}
	check = always;
	async run(_: object, world: World) {
		if (world.source.length === 0) return;
		const row = world.source[this.index % world.source.length];
		// A person forgets only what they checked Amili does not have.
		if (world.truth.amili.registered(ORG, row.id) > 0) return;
		await operations.forgetSent.execute.call(
			world.context([itemOf(row)], {
				organizationId: ORG,
				forget: 'records',
				mappingMode: 'autoMapInputData',
			}),
		);
		world.truth.heldBatch.delete(row.id);
		world.truth.mustSend.delete(row.id);
		world.truth.forgotten.add(row.id);
	}
	toString = () => `Forget Sent row ${this.index}`;
}

class ReadBatch implements Command {
	constructor(
		readonly index: number,
		readonly wait: boolean,
	) {}
	check = always;
	async run(_: object, world: World) {
		const { amili, heldBatch, mustSend, forgotten } = world.truth;
		if (amili.batches.length === 0) return;
		const batch = amili.batches[this.index % amili.batches.length];
		const parameters = { organizationId: ORG, batchId: batch.batchId, simplify: true };
		await (this.wait ? waitForCompletion : getBatch).call(
			world.context([{ json: {} }], parameters),
			0,
		);
		if (!batch.shape.startsWith('id')) return;
		for (const id of batch.ids)
			if (
				heldBatch.get(id) === batch.batchId &&
				!forgotten.has(id) &&
				batch.failed.some((e) => idOf(e) === id)
			) {
				heldBatch.delete(id);
				mustSend.add(id);
			}
	}
	toString = () => `${this.wait ? 'Wait for Completion' : 'Batch → Get'} of batch ${this.index}`;
}

const idOf = (entry: object) => (entry as { uniqueSourcePaymentId?: string }).uniqueSourcePaymentId;

class Run implements Command {
	constructor(
		readonly fault: { at: number; fault: PostFault } | undefined,
		readonly wait: boolean,
		readonly batchSize: number,
		readonly continueOnFail: boolean,
	) {}
	check = always;
	async run(_: object, world: World) {
		const truth = world.truth;
		const { amili } = truth;
		const rows = [...world.source];
		const bound = new Set(rows.map((row) => row.id).filter((id) => world.mustRemember(id)));
		const registeredBefore = new Map(amili.registrations);
		const savedStaticData = structuredClone(world.staticData);
		amili.arm(this.fault);
		const options = {
			batchSize: this.batchSize,
			waitForResult: this.wait,
			pollInterval: 0.1,
			historySize: world.historySize,
			parallelRequests: 1,
			output: 'items',
		};
		const context = world.context(
			rows.map(itemOf),
			{ organizationId: ORG, mappingMode: 'autoMapInputData', options },
			this.continueOnFail,
		);
		let output: INodeExecutionData[] | undefined;
		try {
			output = await createPayments.call(context);
		} catch (error) {
			// A run the node stops says why in an n8n error; anything else is a bug the journey found.
			if (!(error instanceof NodeOperationError || error instanceof NodeApiError)) throw error;
		}
		const killed = world.frozen;
		world.frozen = false;
		// A stopped n8n saves no static data: the next run starts from what the last one saved.
		if (killed) world.staticData = savedStaticData;
		for (const post of amili.postLog)
			for (const id of post.ids) {
				world.claimed(id);
				truth.mustSend.delete(id);
				if (post.fate === 'accepted') truth.accepted.add(id);
				if (post.fate === 'unknown' || killed) truth.unknownFate.add(id);
				// The batch holds the claim once the run ends and marks it (not when n8n stopped first).
				if (post.fate === 'accepted' && !killed) truth.heldBatch.set(id, String(post.batchId));
				else truth.heldBatch.delete(id);
			}
		if (killed)
			// Every row was claimed before n8n stopped: unknown from now on, whether sent or not.
			rows.forEach((row) => {
				truth.unknownFate.add(row.id);
				truth.mustSend.delete(row.id);
				truth.heldBatch.delete(row.id);
				world.claimed(row.id);
			});
		const posts = [...amili.postLog];
		amili.arm(undefined);
		for (const [key, times] of amili.registrations) {
			const before = registeredBefore.get(key) ?? 0;
			const id = key.split('\n')[1];
			if (times > 1 && times > before && (bound.has(id) || times - before > 1))
				throw new Error(`${amili.apiBaseUrl} ${key} is registered twice at Amili`);
		}
		// A stopped n8n outputs nothing.
		if (!output || killed) return;
		checkOutput(world, rows, output, bound, !this.fault);
		if (!this.wait) learnsNextRun(world, posts);
	}
	toString = () =>
		`run (Batch Size ${this.batchSize}${this.wait ? ', wait' : ''}${this.continueOnFail ? ', continue on fail' : ''}${this.fault ? `, ${JSON.stringify(this.fault.fault)} at POST ${this.fault.at}` : ''})`;
}

/**
 * A run that did not wait keeps its batches; the next run reads them first and releases what Amili
 * failed by an entry that names the payment, from the batch that holds it (memory/pendingBatches.ts).
 */
function learnsNextRun(world: World, posts: AmiliModel['postLog']) {
	const { amili, heldBatch, mustSend, forgotten } = world.truth;
	for (const post of posts) {
		const batch = post.batchId === undefined ? undefined : amili.batch(post.batchId);
		if (post.fate !== 'accepted' || !batch?.shape.startsWith('id')) continue;
		for (const id of batch.ids)
			if (
				heldBatch.get(id) === batch.batchId &&
				!forgotten.has(id) &&
				batch.failed.some((entry) => idOf(entry) === id)
			)
				mustSend.add(id);
	}
}

/** Invariants 2 and 3 over one run's output (Output: Each Input Item). */
function checkOutput(
	world: World,
	rows: Row[],
	output: INodeExecutionData[],
	bound: Set<string>,
	clean: boolean,
) {
	const truth = world.truth;
	const { amili } = truth;
	const paired = output.map((item) => (item.pairedItem as { item: number }).item);
	expect(paired).toEqual(rows.map((_, i) => i));
	output.forEach((item, i) => {
		const id = rows[i].id;
		const json = item.json;
		if (!bound.has(id)) return;
		// An item's outcome, or an error item's (details.outcome).
		const outcome = (json.outcome ?? (json.details as IDataObject | undefined)?.outcome) as
			string | undefined;
		if (outcome === 'sentBefore')
			expect([id, outcome, truth.accepted.has(id)]).toEqual([id, outcome, true]);
		if (outcome === 'unknown')
			expect([id, outcome, truth.unknownFate.has(id)]).toEqual([id, outcome, true]);
		if (json.accepted !== true) return;
		expect([id, amili.batch(String(json.batchId))?.ids.includes(id)]).toEqual([id, true]);
		if (json.failed === true && outcome !== 'unclear') {
			// Released in the run that sent it: the next run sends it.
			truth.heldBatch.delete(id);
			truth.mustSend.add(id);
		}
	});
	if (!clean) return;
	const sentNow = new Set(
		rows.filter((_, i) => output[i].json.accepted === true).map((row) => row.id),
	);
	for (const row of rows)
		if (bound.has(row.id) && truth.mustSend.has(row.id) && !sentNow.has(row.id))
			throw new Error(
				`${row.id} was released on evidence that names it, but this run did not send it`,
			);
}

const fault: fc.Arbitrary<PostFault> = fc.oneof(
	fc.constant<PostFault>({ kind: '422' }),
	fc.constant<PostFault>({ kind: '429' }),
	fc.record({
		kind: fc.constantFrom('500', '503', 'lost', 'kill'),
		processed: fc.boolean(),
	}) as fc.Arbitrary<PostFault>,
);
const shape = fc.constantFrom<FailedShape>(
	'id',
	'id-index0',
	'id-index1',
	'invoice',
	'index0',
	'empty',
);
const addRows = fc
	.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean())
	.map(([n, shared]) => new AddRows(n, shared));
const run = fc
	.tuple(
		fc.option(fc.record({ at: fc.integer({ min: 1, max: 3 }), fault }), {
			nil: undefined,
			freq: 2,
		}),
		fc.boolean(),
		fc.integer({ min: 1, max: 3 }),
		fc.boolean(),
	)
	.map(([f, wait, size, cof]) => new Run(f, wait, size, cof));
const readBatch = fc.tuple(fc.nat(9), fc.boolean()).map(([i, wait]) => new ReadBatch(i, wait));
const edit = fc.constantFrom('description', 'amount', 'remove', 'repeat') as fc.Arbitrary<
	EditRow['edit']
>;
// Runs, new rows and batch reads weigh most: they are where payments are sent and released.
const commands = fc.commands(
	[
		addRows,
		addRows,
		run,
		run,
		run,
		readBatch,
		readBatch,
		fc.tuple(fc.nat(9), edit).map(([i, e]) => new EditRow(i, e)),
		fc.tuple(fc.nat(9), shape).map(([i, s]) => new AmiliFails(i, s)),
		fc.tuple(fc.nat(9), shape).map(([i, s]) => new AmiliFails(i, s)),
		fc
			.tuple(fc.option(fc.integer({ min: 3, max: 8 }), { nil: undefined }), fc.boolean())
			.map(([size, sw]) => new Settings(size, sw && size === undefined)),
		fc.nat(9).map((i) => new ForgetSent(i)),
	],
	{ maxCommands: 30, size: 'max' },
);

test('random journeys keep the ledger’s invariants', async () => {
	await fc.assert(
		fc.asyncProperty(commands, async (steps) => {
			await fc.asyncModelRun(() => ({ model: {}, real: new World() }), steps);
		}),
		{
			numRuns: Number(process.env.LEDGER_JOURNEYS ?? 2000),
			...(process.env.LEDGER_SEED ? { seed: Number(process.env.LEDGER_SEED) } : {}),
			...(process.env.LEDGER_PATH ? { path: process.env.LEDGER_PATH, endOnFailure: true } : {}),
		},
	);
}, 120_000);

/** Journeys the search found, kept as they shrank. */
describe('journeys found before', () => {
	test.each<[string, Command[]]>([
		[
			'two payments Amili failed, released; the next run stopped by n8n before its answer',
			[
				new AddRows(2, false),
				new AmiliFails(0, 'id'),
				new AmiliFails(1, 'id'),
				new Run(undefined, true, 1, false),
				new Run({ at: 1, fault: { kind: 'kill', processed: false } }, false, 1, false),
				new Run(undefined, false, 1, false),
			],
		],
		[
			'a batch read again after its failed payment was sent again and registered releases nothing',
			[
				new AddRows(1, false),
				new AmiliFails(0, 'id'),
				new Run(undefined, false, 1, false),
				new AmiliFails(0, 'id'),
				new ReadBatch(0, false),
				new Run(undefined, false, 1, false),
				new ReadBatch(0, false),
				new Run(undefined, false, 1, false),
			],
		],
		[
			'a failed payment released in its run, its row removed, others sent, an old batch read',
			[
				new AddRows(3, false),
				new AmiliFails(8, 'id'),
				new Run(undefined, true, 1, false),
				new EditRow(0, 'remove'),
				new AmiliFails(3, 'id'),
				new AddRows(1, false),
				new AddRows(3, false),
				new Run(undefined, false, 2, false),
				new ReadBatch(8, false),
				new Run(undefined, false, 1, false),
			],
		],
		[
			'two payments on one invoice, Amili fails one and names only the invoice: the one it lists as succeeded is never released',
			[
				new AddRows(2, true),
				new AmiliFails(1, 'invoice'),
				new Run(undefined, true, 2, false),
				new AmiliFails(1, 'invoice'),
				new Run(undefined, false, 2, false),
			],
		],
		[
			'a 503 after Amili registered the batch: unknown, not sent again',
			[
				new AddRows(1, false),
				new Run({ at: 1, fault: { kind: '503', processed: true } }, false, 1, false),
			],
		],
	])('%s', async (_name, steps) => {
		await fc.asyncModelRun(() => ({ model: {}, real: new World() }), steps);
	});
});
