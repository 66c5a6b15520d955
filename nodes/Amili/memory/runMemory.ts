import type { SentMemory } from './sentMemory';

/**
 * Never twice across runs (docs/payment-node.md → "Never twice across runs"): a Create run's records against the
 * workflow's memory of what it sent. The order is what keeps a payment from being lost silently:
 *
 * 1. before anything is sent, every record about to go is claimed (remembered) in one call, and a
 *    record remembered by an earlier run is skipped;
 * 2. the requests go out; each one Amili accepted, or whose outcome is unknown, keeps its records
 *    remembered;
 * 3. at the end, also when the run stops on an error, the records Amili did not register — refused
 *    by Amili, never sent, or failed in processing (with Wait for Batch Result) — are released, so
 *    fixing them and running again sends them; the rest is written once more, which repairs what
 *    another n8n process's write erased meanwhile (queue mode) and tells whether that happened.
 *
 * A crash between 1 and 3 leaves a claimed record remembered whether or not it went out: later runs
 * skip it and say that its outcome may be unknown (check at Amili, or Forget Sent), never that it
 * was sent.
 */
export class RunMemory {
	/** Items an earlier run sent (or claimed): not sent again. */
	readonly skipped = new Set<number>();
	/** Entries the memory holds after the run (undefined until read). */
	entries: number | undefined;
	/**
	 * Items this run claimed whose claim another n8n process overwrote meanwhile (queue mode): that
	 * process may have claimed and sent the same records.
	 */
	overwritten: number[] = [];
	private readonly claimed = new Map<number, string>();
	private readonly reachedAmili = new Set<number>();
	/** An entry only this run writes, with its claim: gone at the end if another process overwrote it. */
	private readonly mark = `amili\nrun\n${Date.now()}-${Math.random().toString(36).slice(2)}`;

	constructor(
		readonly store: SentMemory,
		readonly historySize: number,
	) {}

	/** Step 1, for the items given with their keys; the others are left as they are. */
	async claim(keys: Map<number, string>): Promise<void> {
		const fresh = await this.store.claim([...keys.values(), this.mark]);
		for (const [itemIndex, key] of keys) {
			if (fresh.has(key)) this.claimed.set(itemIndex, key);
			else this.skipped.add(itemIndex);
		}
	}

	/** The request carrying these items was accepted by Amili, or its outcome is unknown. */
	reached(itemIndexes: readonly number[]): void {
		for (const itemIndex of itemIndexes) this.reachedAmili.add(itemIndex);
	}

	/** Amili processed the item's record and failed it: its corrected version must be sendable. */
	failedInProcessing(itemIndex: number): void {
		this.reachedAmili.delete(itemIndex);
	}

	/**
	 * Step 3: releases what Amili did not register, then writes again what it has (with the run's
	 * mark), which repairs a claim another n8n process erased and tells whether one did. Never throws:
	 * what went wrong is returned, to be told with the run's outcome. A key two items share (identical
	 * records) is released only when neither reached Amili.
	 */
	async settle(): Promise<string | undefined> {
		const keptItems = [...this.claimed.keys()].filter((item) => this.reachedAmili.has(item));
		const kept = new Set(keptItems.map((item) => this.claimed.get(item) as string));
		const released = [...new Set(this.claimed.values())].filter((key) => !kept.has(key));
		try {
			await this.store.release(released);
		} catch (error) {
			return `This workflow could not forget the ${released.length} records Amili did not register (${(error as Error).message}): later runs skip them until you forget them with Forget Sent.`;
		}
		try {
			if (kept.size > 0) {
				const lost = await this.store.claim([...kept, this.mark]);
				if (lost.has(this.mark)) this.overwritten = keptItems;
			}
			this.entries = await this.store.count();
			return undefined;
		} catch (error) {
			return `This workflow could not check its memory after sending (${(error as Error).message}); what it sent stays remembered unless another n8n process erased it at the same moment.`;
		}
	}
}
