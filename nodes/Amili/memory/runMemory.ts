import { heldKey, type MemoryKeys } from './memoryKeys';
import type { SentMemory } from './sentMemory';

/**
 * Never twice across runs (docs/payment-node.md → "Never twice across runs"): a Create run's records
 * against the workflow's memory, one rule for every record — its identity (memory/memoryKeys.ts):
 *
 * 1. Before anything is sent, every record is claimed in one call: its identity and its content.
 *    - identity new: the record is new and is sent;
 *    - identity known, content known: the same record as before; a second call asks whether Amili
 *      accepted it (`sentBefore`) or its outcome is unknown (`unknown`: a lost answer, or a run that
 *      stopped before Amili answered). Neither is sent again;
 *    - identity known, content new: the same ID with other content — refused (`conflict`), never
 *      sent. What these look-ups added to the store by asking is taken back at once.
 * 2. The requests go out.
 * 3. At the end, also when the run stops on an error: each record Amili answered 202 for is marked
 *    accepted, and claimed entries are written again (which repairs what another n8n process's
 *    write erased meanwhile, queue mode, and tells whether that happened); then what Amili did not
 *    register — refused, never sent, failed in processing — is released, so the next run sends it;
 *    and, once the memory is half full, the records met again are written anew, so that they do not
 *    age out while the source still lists them.
 *
 * A crash between 1 and 3 leaves a claimed record without its accepted mark: later runs say its
 * outcome is unknown, never that it was sent. No per-record entry is removed on the usual path
 * (n8n removes entries one by one, each a scan of the whole memory): a run of new records that
 * Amili accepts costs three writes (claim, accepted marks, the run's mark removed) and a count.
 */

/** Records met again that one run writes anew at most (see refresh). */
export const REFRESH_PER_RUN = 500;

export type RememberedState = 'sentBefore' | 'unknown' | 'inFlight' | 'conflict';

/**
 * Records claimed by a run of this n8n process that has not ended: a claim without its accepted mark
 * is then no lost answer but a send in progress (another execution of the workflow at the same
 * time), told apart from `unknown`. Another process's runs (queue mode) cannot be seen: there such a
 * record reads as unknown, as it truly is to this one.
 */
const inFlight = new Map<string, number>();

export class RunMemory {
	/** Items not sent because of what the memory holds, with why. */
	readonly remembered = new Map<number, RememberedState>();
	/** Entries the memory holds after the run (undefined until read). */
	entries: number | undefined;
	/**
	 * Items this run claimed whose claim another n8n process overwrote meanwhile (queue mode): that
	 * process may have claimed and sent the same records.
	 */
	overwritten: number[] = [];
	private readonly claimed = new Map<number, MemoryKeys>();
	/** Items remembered with an unknown outcome, with their keys (Mark as Registered settles them). */
	private readonly unknownKeys = new Map<number, MemoryKeys>();
	/** Unknown items a person confirmed Amili has: their accepted mark is written at the end. */
	private readonly confirmed: MemoryKeys[] = [];
	/** Records met again (sent before or unknown), kept from ageing out while the source lists them. */
	private readonly metAgain: MemoryKeys[] = [];
	/** Item → the batch Amili accepted it in ('' where its answer named none). */
	private readonly acceptedItems = new Map<number, string>();
	private readonly reachedAmili = new Set<number>();
	/**
	 * An entry only this run writes, with its claims, and removes at the end: gone before that if
	 * another n8n process wrote the memory from a read made before this run's claim (queue mode).
	 */
	private readonly mark = `amili\nrun\n${Date.now()}-${Math.random().toString(36).slice(2)}`;
	private markWritten = false;

	constructor(readonly store: SentMemory) {}

	/** Step 1, for the items given with their keys. */
	async claim(keys: Map<number, MemoryKeys>): Promise<void> {
		if (keys.size === 0) return;
		let claimed = false;
		try {
			await this.store.exclusive(() => this.lookUp(keys));
			claimed = true;
		} finally {
			if (!claimed) this.endFlight();
		}
	}

	private async lookUp(keys: Map<number, MemoryKeys>): Promise<void> {
		const fresh = await this.store.claim([
			...[...keys.values()].flatMap((entry) => [...entry.ids, entry.content]),
			this.mark,
		]);
		this.markWritten = true;
		const same: Array<[number, MemoryKeys]> = [];
		const takeBack: string[] = [];
		for (const [itemIndex, entry] of keys) {
			const knownIds = entry.ids.filter((id) => !fresh.has(id));
			if (knownIds.length === 0) {
				this.claimed.set(itemIndex, entry);
				inFlight.set(entry.content, (inFlight.get(entry.content) ?? 0) + 1);
			} else if (!fresh.has(entry.content)) same.push([itemIndex, entry]);
			else {
				this.remembered.set(itemIndex, 'conflict');
				takeBack.push(entry.content, ...entry.ids.filter((id) => fresh.has(id)));
			}
		}
		if (same.length > 0) {
			const notAccepted = await this.store.claim(same.map(([, entry]) => entry.accepted));
			for (const [itemIndex, entry] of same) {
				const unknown = notAccepted.has(entry.accepted);
				if (unknown && inFlight.has(entry.content)) {
					this.remembered.set(itemIndex, 'inFlight');
					takeBack.push(entry.accepted);
					continue;
				}
				this.remembered.set(itemIndex, unknown ? 'unknown' : 'sentBefore');
				if (unknown) {
					takeBack.push(entry.accepted);
					this.unknownKeys.set(itemIndex, entry);
				}
				this.metAgain.push(unknown ? { ...entry, accepted: '' } : entry);
			}
		}
		await this.store.release(takeBack);
	}

	/** The request carrying these items was answered 202 by Amili, in batch `batchId` if it named one. */
	accepted(itemIndexes: readonly number[], batchId = ''): void {
		for (const itemIndex of itemIndexes) {
			this.acceptedItems.set(itemIndex, batchId);
			this.reachedAmili.add(itemIndex);
		}
	}

	/** The request carrying these items may have reached Amili (its answer was lost). */
	mayHaveReached(itemIndexes: readonly number[]): void {
		for (const itemIndex of itemIndexes) this.reachedAmili.add(itemIndex);
	}

	/**
	 * A person checked at Amili that it has these items' records (Mark as Registered): each one this
	 * run claimed, or remembered with an unknown outcome, is marked accepted, so later runs say it
	 * was sent before and never send it. Returns the items marked.
	 */
	confirmRegistered(itemIndexes: readonly number[]): number[] {
		return itemIndexes.filter((itemIndex) => {
			const unknown = this.unknownKeys.get(itemIndex);
			if (unknown) this.confirmed.push(unknown);
			else if (this.claimed.has(itemIndex)) this.accepted([itemIndex]);
			return unknown !== undefined || this.claimed.has(itemIndex);
		});
	}

	/** Items remembered with an unknown outcome (not sent by this run). */
	get unknownItems(): number[] {
		return [...this.unknownKeys.keys()];
	}

	/** Amili processed the item's record and failed it: its corrected version must be sendable. */
	failedInProcessing(itemIndex: number): void {
		this.reachedAmili.delete(itemIndex);
	}

	/** Before anything was sent (the run stops): every claim of this run is taken back. */
	async releaseAll(): Promise<void> {
		this.reachedAmili.clear();
		this.acceptedItems.clear();
		await this.settle();
	}

	/**
	 * Step 3, one step for the store (no other run of this process between its calls). Never throws:
	 * what went wrong is returned, to be told with the run's outcome.
	 */
	async settle(): Promise<string | undefined> {
		return await this.store.exclusive(async () => {
			try {
				return await this.write();
			} finally {
				this.endFlight();
			}
		});
	}

	/** This run's claims are no longer in progress (settled, or the claim itself failed). */
	private endFlight(): void {
		for (const { content } of this.claimed.values()) {
			const left = (inFlight.get(content) ?? 1) - 1;
			if (left > 0) inFlight.set(content, left);
			else inFlight.delete(content);
		}
	}

	private async write(): Promise<string | undefined> {
		const kept = [...this.claimed].filter(([item]) => this.reachedAmili.has(item));
		const released = [...this.claimed].filter(([item]) => !this.reachedAmili.has(item));
		try {
			if (kept.length > 0 || this.confirmed.length > 0) {
				const rewritten = kept.flatMap(([item, entry]) => {
					const batchId = this.acceptedItems.get(item);
					if (batchId === undefined) return [...entry.ids, entry.content];
					return [
						...entry.ids,
						entry.content,
						entry.accepted,
						...(batchId ? [heldKey(entry, batchId)] : []),
					];
				});
				const erased = await this.store.claim([
					...rewritten,
					...this.confirmed.map((entry) => entry.accepted),
					this.mark,
				]);
				const lost = erased.has(this.mark);
				this.overwritten = kept
					.filter(
						([, entry]) => lost || [...entry.ids, entry.content].some((key) => erased.has(key)),
					)
					.map(([item]) => item);
			}
		} catch (error) {
			return `This workflow could not mark what Amili accepted (${(error as Error).message}): later runs say the outcome of these records is unknown; they are not sent again.`;
		}
		try {
			await this.store.release([
				...released.flatMap(([, entry]) => [...entry.ids, entry.content, entry.accepted]),
				...(this.markWritten ? [this.mark] : []),
			]);
		} catch (error) {
			return `This workflow could not forget the ${released.length} records Amili did not register (${(error as Error).message}): later runs report them as unknown and do not send them until you forget them with Forget Sent.`;
		}
		try {
			this.entries = await this.store.count();
			await this.refresh(this.entries);
		} catch (error) {
			return `This workflow could not refresh its memory of the records met again (${(error as Error).message}); they stay remembered, and may be forgotten first when the memory is full.`;
		}
		return undefined;
	}

	/**
	 * n8n drops the oldest entries when the memory is full, and keeps an entry where it was first
	 * written: a record the source still lists would age out and be sent again. Once the memory is
	 * half full, the records met again are written anew at the newest end: removed, then written (n8n
	 * has no "move"). n8n removes entries one by one, each a scan of the whole memory (10,000 records
	 * at once: over a minute), so a run refreshes at most REFRESH_PER_RUN of them (a few seconds with
	 * the default History Size full): a window in a fixed order (by content), starting where the last
	 * run's ended (the node's cursor, memory/sentMemory.ts), so that each record met again has its
	 * turn within ⌈met again / REFRESH_PER_RUN⌉ runs.
	 */
	private async refresh(entries: number): Promise<void> {
		const capacity = this.store.capacity;
		if (this.metAgain.length === 0 || capacity === undefined || entries * 2 < capacity - 1) return;
		const metAgain = this.metAgain.sort((a, b) => (a.content < b.content ? -1 : 1));
		const size = Math.min(REFRESH_PER_RUN, metAgain.length);
		const cursor = this.store.refreshCursor;
		const found = cursor === undefined ? 0 : metAgain.findIndex((entry) => entry.content >= cursor);
		const start = found === -1 ? 0 : found;
		const window = [...metAgain, ...metAgain].slice(start, start + size);
		const keys = window.flatMap((entry) =>
			[...entry.ids, entry.content, entry.accepted].filter(Boolean),
		);
		await this.store.release(keys);
		await this.store.claim(keys);
		// The next record's identity (its content key less the content itself): the next start.
		const next = metAgain[(start + size) % metAgain.length].content;
		this.store.refreshCursor = next.slice(0, next.lastIndexOf('\n') + 1);
	}
}
