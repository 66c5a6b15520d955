import type { ICheckProcessedOptions, IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * This workflow's memory of the records it sent, kept in n8n's own de-duplication store (the one
 * Remove Duplicates uses: one database row per workflow, shared by queue-mode workers). Scope
 * "workflow", so the Create operations of every Amili node of the workflow, its Forget Sent and the
 * Batch operations that release failed payments share one memory; mode "entries" with n8n's own
 * bound, which drops the oldest entries when full. A record takes entriesPerRecord(its kind's
 * identity fields) entries (memory/memoryKeys.ts), so History Size, which counts records, is that
 * many entries.
 *
 * n8n reads, changes and writes that row with no lock, the last write winning. Inside one n8n
 * process this module serialises its calls per workflow, so two executions there never lose each
 * other's entries or both claim one record; across processes (queue-mode workers) nothing can, and
 * docs/payment-node.md says what that leaves ("Never twice across runs").
 */

const SCOPE = 'workflow';

/** The node's static-data field that holds the refresh cursor. */
const REFRESH_CURSOR = 'amiliRefreshCursor';

/**
 * The most entries one record takes: one per identity field (its content where it has none), its
 * content, its accepted mark and the batch that holds it (memory/memoryKeys.ts).
 */
export const entriesPerRecord = (identityFields: readonly string[]): number =>
	Math.max(identityFields.length, 1) + 1 + WRITTEN_AT_SETTLE;

/** The accepted mark and the batch that holds it, written when a run ends, after its claims. */
const WRITTEN_AT_SETTLE = 2;

/**
 * The entries n8n may keep so that the last `historySize` records claimed are all remembered. A
 * record's entries are written in two steps (its claim, then the marks when its run ends), so the
 * marks of up to a run of other records (at most History Size) may lie after its claim: n8n drops
 * the oldest entries, and without that room a run of n new records would push out the claims of 2n.
 * One more for the run's own mark (memory/runMemory.ts), which it removes when it ends.
 */
export const capacityFor = (historySize: number, identityFields: readonly string[]): number =>
	historySize * (entriesPerRecord(identityFields) + WRITTEN_AT_SETTLE) + 1;

/** Store calls of this process, one at a time per workflow. */
const queues = new Map<string, Promise<void>>();

function serialized<T>(workflowId: string, work: () => Promise<T>): Promise<T> {
	const result = (queues.get(workflowId) ?? Promise.resolve()).then(work);
	const done = result.then(
		() => undefined,
		() => undefined,
	);
	queues.set(workflowId, done);
	void done.then(() => {
		if (queues.get(workflowId) === done) queues.delete(workflowId);
	});
	return result;
}

export class SentMemory {
	/** Inside `exclusive`: this run's calls go straight to the store, the others wait. */
	private held = false;

	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly workflowId: string,
		private readonly options: ICheckProcessedOptions,
	) {}

	/**
	 * The memory of the workflow this run belongs to, or why there is none: n8n gives a run no saved
	 * workflow to remember by (an unsaved workflow in the editor), or no store at all (an AI agent's
	 * tool call).
	 */
	static of(
		context: IExecuteFunctions,
		budget?: { historySize: number; identityFields: readonly string[] },
	): SentMemory | { unavailable: string } {
		const workflowId = context.getWorkflow().id;
		if (!workflowId) return { unavailable: 'this workflow is not saved yet' };
		if (typeof context.helpers.checkProcessedAndRecord !== 'function')
			return { unavailable: 'n8n gives this run no store to remember in' };
		return new SentMemory(context, workflowId, {
			mode: 'entries',
			maxEntries:
				budget === undefined ? undefined : capacityFor(budget.historySize, budget.identityFields),
		});
	}

	/**
	 * Several calls as one step: no other execution of this workflow in this n8n process touches the
	 * memory between them (a look-up that adds entries and takes them back must not take back what
	 * another run added meanwhile).
	 */
	async exclusive<T>(work: () => Promise<T>): Promise<T> {
		return await serialized(this.workflowId, async () => {
			this.held = true;
			try {
				return await work();
			} finally {
				this.held = false;
			}
		});
	}

	private async call<T>(work: () => Promise<T>): Promise<T> {
		return this.held ? await work() : await serialized(this.workflowId, work);
	}

	/**
	 * Where the next refresh of records met again starts (memory/runMemory.ts): the node's own static
	 * data, which n8n saves after production runs (not manual ones, which then start where the last
	 * production run ended). Undefined where n8n gives no static data.
	 */
	get refreshCursor(): string | undefined {
		const cursor = this.staticData()?.[REFRESH_CURSOR];
		return typeof cursor === 'string' ? cursor : undefined;
	}

	set refreshCursor(value: string | undefined) {
		const data = this.staticData();
		if (data && value !== undefined) data[REFRESH_CURSOR] = value;
	}

	private staticData(): IDataObject | undefined {
		return typeof this.context.getWorkflowStaticData === 'function'
			? this.context.getWorkflowStaticData('node')
			: undefined;
	}

	/** The most entries n8n keeps before it drops the oldest (undefined: no bound). */
	get capacity(): number | undefined {
		return this.options.maxEntries;
	}

	/** Remembers `keys`; returns those that were not remembered before (the ones to send now). */
	async claim(keys: string[]): Promise<Set<string>> {
		if (keys.length === 0) return new Set();
		const unique = [...new Set(keys)];
		const checked = await this.call(() =>
			this.context.helpers.checkProcessedAndRecord(unique, SCOPE, this.options),
		);
		return new Set(checked.new.map(String));
	}

	/** Forgets `keys`, so a later run sends those records again. */
	async release(keys: string[]): Promise<void> {
		if (keys.length === 0) return;
		const unique = [...new Set(keys)];
		await this.call(() => this.context.helpers.removeProcessed(unique, SCOPE, this.options));
	}

	/** How many entries the memory holds. */
	async count(): Promise<number> {
		return await this.call(() => this.context.helpers.getProcessedDataCount(SCOPE, this.options));
	}

	/** Forgets everything this workflow remembers; returns how many entries that was. */
	async forgetAll(): Promise<number> {
		return await this.call(async () => {
			const count = await this.context.helpers.getProcessedDataCount(SCOPE, this.options);
			await this.context.helpers.clearAllProcessedItems(SCOPE, this.options);
			return count;
		});
	}
}
