/**
 * A small model of Amili for the ledger's random journeys (ledger.journeys.test.ts): payments
 * posted, processed at once (a batch is final when its 202 is answered), read back by batch ID.
 * Fast (no sockets) and fully steerable: which payments Amili fails in processing, the shape of its
 * failed entries (its real shape is not documented: docs/amili-api.md), and one fault on a chosen
 * POST. What it registered is the truth the journeys' invariants are held against. The simulator
 * (test/simulator/) is the contract's model; this one keeps only what the ledger depends on.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

export type FailedShape = 'id' | 'id-index0' | 'id-index1' | 'invoice' | 'index0' | 'empty';

/** A POST's misbehaviour. `processed`: whether Amili acted on it before the answer went wrong. */
export type PostFault =
	{ kind: '422' } | { kind: '429' } | { kind: '500' | '503' | 'lost' | 'kill'; processed: boolean };

interface Payment {
	uniqueSourcePaymentId: string;
	invoiceNumber?: string;
	amount: number;
}

interface Batch {
	batchId: string;
	organizationId: string;
	succeeded: object[];
	failed: object[];
	status: 'SUCCESS' | 'PARTIAL' | 'FAILED';
	ids: string[];
	shape: FailedShape;
}

export type PostFate = 'accepted' | 'refused' | 'unknown';

/** Thrown where n8n stops mid-run (the `kill` fault): the test's n8n "restarts" after it. */
export class N8nKilled extends Error {}

export class AmiliModel {
	readonly batches: Batch[] = [];
	/** `org\nid` → how many times Amili registered it (processed and not failed). */
	readonly registrations = new Map<string, number>();
	/** IDs Amili fails when it processes them. */
	readonly failing = new Set<string>();
	shape: FailedShape = 'id';
	/** The fault for the POST with this number (1-based, counted from the last arm()). */
	private fault?: { at: number; fault: PostFault };
	private posts = 0;
	/** The POSTs since the last arm(): the IDs each carried and what its sender could know. */
	readonly postLog: Array<{ ids: string[]; fate: PostFate; batchId?: string }> = [];
	/** Called when the `kill` fault fires: n8n stops, its store with it. */
	onKill: () => void = () => {};

	constructor(readonly apiBaseUrl: string) {}

	arm(fault: { at: number; fault: PostFault } | undefined): void {
		this.fault = fault;
		this.posts = 0;
		this.postLog.length = 0;
	}

	registered(organizationId: string, id: string): number {
		return this.registrations.get(`${organizationId.toLowerCase()}\n${id}`) ?? 0;
	}

	batch(batchId: string): Batch | undefined {
		return this.batches.find((batch) => batch.batchId === batchId);
	}

	/** n8n's httpRequestWithAuthentication with returnFullResponse, as the transport calls it. */
	async request(options: IHttpRequestOptions): Promise<unknown> {
		const path = new URL(options.url).pathname.replace(new URL(this.apiBaseUrl).pathname, '');
		const post = /^\/orgs\/([^/]+)\/payments$/.exec(path);
		if (options.method === 'POST' && post) return this.post(post[1], options.body as never);
		const get = /^\/orgs\/([^/]+)\/batches\/([^/]+)$/.exec(path);
		const batch = get ? this.batch(get[2]) : undefined;
		if (!batch) return answer(404, { message: 'No such batch' });
		const { batchId, organizationId, succeeded, failed, status } = batch;
		const view = { batchId, organizationId, succeeded, failed, status, type: 'PAYMENT' };
		return answer(200, { summary: { status: 'SUCCESS' }, data: view });
	}

	private post(organizationId: string, body: { payments: Payment[] }): unknown {
		this.posts += 1;
		const fault = this.fault?.at === this.posts ? this.fault.fault : undefined;
		const ids = body.payments.map((payment) => payment.uniqueSourcePaymentId);
		const fate: PostFate =
			fault === undefined
				? 'accepted'
				: fault.kind === '422' || fault.kind === '429'
					? 'refused'
					: 'unknown';
		const logged: { ids: string[]; fate: PostFate; batchId?: string } = { ids, fate };
		this.postLog.push(logged);
		if (fault?.kind === '422') return answer(422, { message: 'Invalid payments' });
		if (fault?.kind === '429') return answer(429, { message: 'Slow down' }, { 'retry-after': '0' });
		const processed = !fault || fault.processed;
		const batchId = processed ? this.process(organizationId, body.payments) : undefined;
		logged.batchId = batchId;
		if (fault?.kind === 'kill') {
			this.onKill();
			throw new N8nKilled('n8n stopped');
		}
		if (fault?.kind === 'lost')
			throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		if (fault) return answer(Number(fault.kind), { message: 'Amili is unwell' });
		return answer(202, {
			summary: { status: 'QUEUED' },
			data: { batchId, batchUrl: `${this.apiBaseUrl}/orgs/${organizationId}/batches/${batchId}` },
		});
	}

	private process(organizationId: string, payments: Payment[]): string {
		// A UUID, as Amili's are: this Amili's number, then the batch's.
		const serial = `${[...this.apiBaseUrl].reduce((sum, c) => sum + c.charCodeAt(0), 0)}`.padStart(
			4,
			'0',
		);
		const batchId = `00000000-${serial}-4000-8000-${String(this.batches.length + 1).padStart(12, '0')}`;
		const succeeded: object[] = [];
		const failed: object[] = [];
		payments.forEach((payment, index) => {
			const ref = { uniqueSourcePaymentId: payment.uniqueSourcePaymentId };
			if (!this.failing.has(payment.uniqueSourcePaymentId)) {
				succeeded.push(ref);
				const key = `${organizationId.toLowerCase()}\n${payment.uniqueSourcePaymentId}`;
				this.registrations.set(key, (this.registrations.get(key) ?? 0) + 1);
				return;
			}
			const reason = { reason: 'Invoice is closed' };
			const invoice = { invoiceNumber: payment.invoiceNumber };
			failed.push(
				{
					id: { ...ref, ...invoice, ...reason },
					'id-index0': { ...ref, objectindex: index, ...reason },
					'id-index1': { ...ref, objectindex: index + 1, ...reason },
					invoice: { ...invoice, ...reason },
					index0: { objectindex: index, ...reason },
					empty: reason,
				}[this.shape],
			);
		});
		const status = failed.length === 0 ? 'SUCCESS' : succeeded.length === 0 ? 'FAILED' : 'PARTIAL';
		const ids = payments.map((payment) => payment.uniqueSourcePaymentId);
		this.batches.push({
			batchId,
			organizationId,
			succeeded,
			failed,
			status,
			ids,
			shape: this.shape,
		});
		return batchId;
	}
}

function answer(statusCode: number, body: unknown, headers: Record<string, string> = {}) {
	return { statusCode, headers, body };
}
