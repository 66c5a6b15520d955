/**
 * Never twice across runs, in a real n8n (every line: this file is in the compatibility projects
 * too): the Amili Payment node, version 2 (Skip Payments Sent Before on by default), against the
 * simulator. Each case runs one saved workflow more than once, as a schedule, a re-run, n8n's Retry
 * or Retry On Fail does, and counts what Amili received.
 */
import { randomUUID } from 'node:crypto';

import { startSimulator, type AmiliSimulator, type Fault } from '../simulator';
import { N8nInstance, outputOf, type ExecuteResult } from '../harness/n8n';
import { newestLineOnly, onNewestLine } from '../harness/lines';
import {
	AMILI_PACKAGE,
	amiliPayment,
	chain,
	code,
	items,
	manualTrigger,
	n8nId,
	oauth2Credential,
	ref,
	workflow,
	type CredentialJson,
	type JsonObject,
	type NodeInput,
	type WorkflowInput,
} from '../harness/workflow';

/** A Code node emitting `count` payments `<prefix>-0` … in order. */
const paymentsNode = (count: number, prefix: string) =>
	code(
		'Payments',
		`return Array.from({ length: ${count} }, (_, i) => ({ json: {
			invoiceNumber: 'INV-' + i, uniqueSourcePaymentId: '${prefix}-' + i,
			amount: 100 + i, currency: 'NOK', date: '2025-03-09',
		} }));`,
	);
const ids = (count: number, prefix: string) =>
	Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** Lets `n` requests through untouched, so the next fault hits request n + 1. */
const passing = (n: number): Fault => ({ route: 'createPayments', delayMs: 0, times: n });
const REFUSED: Fault = { route: 'createPayments', status: 422, body: { message: 'refused' } };

const hintsOf = (result: ExecuteResult, node = 'Amili Payment') =>
	((result.runData[node]?.[0]?.hints ?? []) as Array<{ message: string }>).map(
		(hint) => hint.message,
	);

describe('never twice across runs, in real n8n', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let oauth: CredentialJson;

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator({ batchDelayMs: 50 })]);
		oauth = oauth2Credential(sim);
		await n8n.importCredentials([oauth]);
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	beforeEach(() => sim.reset());

	/** Amili Payment, version 2, with its defaults unless `options` says otherwise. */
	function payNode(org: string, options: JsonObject = {}, node: Partial<NodeInput> = {}) {
		return {
			...amiliPayment({ organizationId: org, credential: ref(oauth) }),
			typeVersion: 2,
			parameters: { authentication: 'oAuth2', organizationId: org, options },
			...node,
		} as NodeInput;
	}

	function payWorkflow(
		org: string,
		count: number,
		prefix: string,
		options: JsonObject = {},
		node: Partial<NodeInput> = {},
	): WorkflowInput {
		return workflow({
			nodes: [manualTrigger(), paymentsNode(count, prefix), payNode(org, options, node)],
			connections: chain('Start', 'Payments', 'Amili Payment'),
		});
	}

	/** The Amili node, version 2, as payNode's (its credential), with these parameters. */
	function amiliNode(org: string, name: string, parameters: JsonObject): NodeInput {
		return {
			...payNode(org),
			name,
			type: `${AMILI_PACKAGE}.amili`,
			parameters: { authentication: 'oAuth2', organizationId: org, ...parameters },
		};
	}

	/** Workflow `id` edited to read one batch: Start → its ID → Amili → Batch → Get ("Get"). */
	const readBatchWorkflow = (org: string, id: string, batchId: string) =>
		workflow({
			id,
			nodes: [
				manualTrigger(),
				items('Batch', [{ batchId }]),
				amiliNode(org, 'Get', {
					resource: 'batch',
					operation: 'get',
					batchId: { __rl: true, mode: 'id', value: '={{ $json.batchId }}' },
				}),
			],
			connections: chain('Start', 'Batch', 'Get'),
		});

	const received = (org: string) => sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId);
	const registered = (org: string) =>
		sim.registeredPayments(org).map((p) => p.uniqueSourcePaymentId);

	it('the same input run twice: the second run sends nothing, succeeds and says so', async () => {
		const org = randomUUID();
		const id = await n8n.importWorkflow(payWorkflow(org, 3, 'SAME', { output: 'items' }));
		const first = await n8n.execute(id);
		const second = await n8n.execute(id);
		expect(first.ok).toBe(true);
		expect(second.ok).toBe(true);
		expect(received(org)).toEqual(ids(3, 'SAME'));
		expect(outputOf(second, 'Amili Payment').map((item) => [item.skipped, item.outcome])).toEqual(
			[0, 1, 2].map(() => [true, 'sentBefore']),
		);
		if (onNewestLine)
			expect(hintsOf(second)).toEqual([
				expect.stringMatching(/^Nothing new to send: 3 payments not sent again/),
			]);
	});

	it('a 422 on batch 3 of 8 fails the run; running it again registers each payment exactly once', async () => {
		const org = randomUUID();
		sim.addFault({ ...passing(2), orgId: org });
		sim.addFault({ ...REFUSED, orgId: org });
		const id = await n8n.importWorkflow(payWorkflow(org, 80, 'RERUN', { batchSize: 10 }));
		const failed = await n8n.execute(id);
		expect(failed.ok).toBe(false);
		expect(failed.error?.description).toMatch(/does not send them again/);
		const acceptedFirst = received(org).length;
		expect(acceptedFirst).toBeGreaterThanOrEqual(20);
		const again = await n8n.execute(id);
		expect(again.ok).toBe(true);
		expect(received(org).sort()).toEqual(ids(80, 'RERUN').sort());
		expect(sim.duplicatePaymentIds(org)).toEqual([]);
	});

	it('Retry On Fail re-runs the node after a 422 on batch 3: the batches accepted before are not sent again', async () => {
		const org = randomUUID();
		sim.addFault({ ...passing(2), orgId: org });
		sim.addFault({ ...REFUSED, orgId: org });
		const result = await n8n.run(
			payWorkflow(org, 80, 'TRIES', { batchSize: 10, parallelRequests: 1 }, {
				retryOnFail: true,
				maxTries: 2,
				waitBetweenTries: 0,
			} as Partial<NodeInput>),
		);
		expect(result.ok).toBe(true);
		expect(received(org).sort()).toEqual(ids(80, 'TRIES').sort());
		expect(sim.duplicatePaymentIds(org)).toEqual([]);
		const attempts = sim.requests.filter((r) => r.route === 'createPayments' && r.orgId === org);
		// Try 1: batches 1–2 accepted, batch 3 refused; try 2 sends batches 3–8 only.
		expect(attempts.map((r) => r.status)).toEqual([202, 202, 422, ...Array(6).fill(202)]);
	});

	it('a lost answer (outcome unknown), then a run with Continue On Fail: not sent again, each an error item naming the ways out', async () => {
		const org = randomUUID();
		sim.addFault({ route: 'createPayments', orgId: org, reset: 'after-processing' });
		const id = await n8n.importWorkflow(payWorkflow(org, 2, 'LOST', { output: 'items' }));
		const first = await n8n.execute(id);
		expect(first.ok).toBe(false);
		expect(first.error?.message).toMatch(/Outcome unknown/);
		// The user turns on Continue On Fail (regular output: every line puts error items there).
		const continuing = { onError: 'continueRegularOutput' } as Partial<NodeInput>;
		await n8n.importWorkflow({
			...payWorkflow(org, 2, 'LOST', { output: 'items' }, continuing),
			id,
		});
		const second = await n8n.execute(id);
		expect(second.ok).toBe(true);
		expect(received(org)).toEqual(ids(2, 'LOST'));
		const [item] = outputOf(second, 'Amili Payment');
		expect(item).toMatchObject({
			error: 'Item 0: payment LOST-0 has an unknown outcome',
			details: { outcome: 'unknown', uniqueSourcePaymentId: 'LOST-0' },
		});
		expect((item.details as JsonObject).description).toMatch(
			/answer was lost.*Check it at Amili.*Mark as Registered.*Forget Sent/,
		);
	});

	it('Retry On Fail after a lost answer: try 2 sends nothing, and the run ends as an error naming the unknown payments', async () => {
		const org = randomUUID();
		sim.addFault({ route: 'createPayments', orgId: org, reset: 'after-processing' });
		const tries = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } as Partial<NodeInput>;
		const result = await n8n.run(payWorkflow(org, 2, 'TRYLOST', {}, tries));
		expect(result.ok).toBe(false);
		expect(result.error?.message).toBe(
			'This workflow has 2 payments of unknown outcome, not sent again: TRYLOST-0, TRYLOST-1',
		);
		expect(received(org)).toEqual(ids(2, 'TRYLOST'));
		expect(
			sim.requests.filter((r) => r.route === 'createPayments' && r.orgId === org),
		).toHaveLength(1);
	});

	it('the same IDs with a changed date and an added invoiceId: refused before sending, named, nothing registered twice', async () => {
		const org = randomUUID();
		const id = await n8n.importWorkflow(payWorkflow(org, 2, 'EDIT'));
		expect((await n8n.execute(id)).ok).toBe(true);
		// The user changes the mapping: the date becomes today's, an invoiceId is looked up.
		const changed = code(
			'Payments',
			`return [0, 1].map((i) => ({ json: {
				invoiceNumber: 'INV-' + i, uniqueSourcePaymentId: 'EDIT-' + i, amount: 100 + i,
				currency: 'NOK', date: i === 0 ? '2025-03-10' : '2025-03-09',
				...(i === 1 && { invoiceId: 'b2d7c9a0-1111-4e2a-9c3b-000000000001' }),
			} }));`,
		);
		await n8n.importWorkflow(
			workflow({
				id,
				nodes: [manualTrigger(), changed, payNode(org)],
				connections: chain('Start', 'Payments', 'Amili Payment'),
			}),
		);
		const second = await n8n.execute(id);
		expect(second.ok).toBe(false);
		expect(second.error?.message).toBe(
			'Item 0: payment EDIT-0 differs from the one this workflow sent before',
		);
		expect(second.error?.description).toMatch(/1 more item has problems too.*Nothing was sent/);
		expect(received(org)).toEqual(ids(2, 'EDIT'));
	});

	it('a changed description only: the same payment, not sent again', async () => {
		const org = randomUUID();
		const describe = (text: string) =>
			code(
				'Payments',
				`return [{ json: { invoiceNumber: 'INV-0', uniqueSourcePaymentId: 'DESC-0', amount: 100,
					currency: 'NOK', date: '2025-03-09', description: '${text}' } }];`,
			);
		const version = (text: string, id?: string) =>
			workflow({
				...(id && { id }),
				nodes: [manualTrigger(), describe(text), payNode(org, { output: 'items' })],
				connections: chain('Start', 'Payments', 'Amili Payment'),
			});
		const id = await n8n.importWorkflow(version('Paid'));
		await n8n.execute(id);
		await n8n.importWorkflow(version('Paid in full, thank you', id));
		const second = await n8n.execute(id);
		expect(second.ok).toBe(true);
		expect(outputOf(second, 'Amili Payment')[0]).toMatchObject({ outcome: 'sentBefore' });
		expect(received(org)).toEqual(['DESC-0']);
	});

	it('n8n killed after claiming, while Amili had the request: later runs name them as of unknown outcome, never as sent, and send nothing', async () => {
		const org = randomUUID();
		// Amili holds the answer far longer than the run lives: the process is killed waiting for it.
		sim.addFault({ route: 'createPayments', orgId: org, delayMs: 60_000 });
		const id = await n8n.importWorkflow(payWorkflow(org, 2, 'KILLED', { output: 'items' }));
		const killed = await n8n.execute(id, { timeoutMs: 30_000 });
		expect(killed.ok).toBe(false);
		const requests = () =>
			sim.requests.filter((r) => r.route === 'createPayments' && r.orgId === org);
		expect(requests()).toHaveLength(1);
		const later = await n8n.execute(id);
		expect(later.ok).toBe(false);
		expect(later.error?.message).toBe(
			'This workflow has 2 payments of unknown outcome, not sent again: KILLED-0, KILLED-1',
		);
		expect(requests()).toHaveLength(1);
	});

	it('History Size smaller than what a source re-read every night adds up to: what it still lists is never sent again', async () => {
		const org = randomUUID();
		// Three payments stay in the source; each night brings one new one (named by the execution).
		const nightly = code(
			'Payments',
			`return ['STAY-0', 'STAY-1', 'STAY-2', 'NEW-' + $execution.id].map((id, i) => ({ json: {
				invoiceNumber: 'INV-' + i, uniqueSourcePaymentId: id, amount: 100 + i,
				currency: 'NOK', date: '2025-03-09',
			} }));`,
		);
		const id = await n8n.importWorkflow(
			workflow({
				nodes: [manualTrigger(), nightly, payNode(org, { historySize: 5 })],
				connections: chain('Start', 'Payments', 'Amili Payment'),
			}),
		);
		for (let night = 0; night < 5; night++) expect((await n8n.execute(id)).ok).toBe(true);
		const ids = received(org);
		expect(ids.filter((sent) => sent.startsWith('STAY-'))).toEqual(['STAY-0', 'STAY-1', 'STAY-2']);
		expect(ids.filter((sent) => sent.startsWith('NEW-'))).toHaveLength(5);
		expect(sim.duplicatePaymentIds(org)).toEqual([]);
	});

	it('a payment Amili failed in processing, released by Batch → Wait for Completion, is sent by the next run', async () => {
		const org = randomUUID();
		let invoiceMissing = true;
		sim.failPaymentsMatching(
			(p) => invoiceMissing && p.uniqueSourcePaymentId === 'WAITED-1',
			'Invoice not found',
		);
		const wait = {
			...payNode(org),
			name: 'Wait',
			type: 'n8n-nodes-amili.amili',
			parameters: {
				authentication: 'oAuth2',
				organizationId: org,
				resource: 'batch',
				operation: 'waitForCompletion',
				batchId: { __rl: true, mode: 'id', value: '={{ $json.batchId }}' },
				options: { pollInterval: 0.2, timeout: 30 },
			},
		} as NodeInput;
		const id = await n8n.importWorkflow(
			workflow({
				nodes: [manualTrigger(), paymentsNode(3, 'WAITED'), payNode(org), wait],
				connections: chain('Start', 'Payments', 'Amili Payment', 'Wait'),
			}),
		);
		const first = await n8n.execute(id);
		expect(outputOf(first, 'Wait')[0].status).toBe('PARTIAL');
		invoiceMissing = false;
		await n8n.execute(id);
		expect(received(org)).toEqual([...ids(3, 'WAITED'), 'WAITED-1']);
	});

	it('a batch read again releases nothing: the payment Amili failed is released once, sent again once, registered once', async () => {
		const org = randomUUID();
		let invoiceMissing = true;
		sim.failPaymentsMatching(
			(p) => invoiceMissing && p.uniqueSourcePaymentId === 'REREAD-1',
			'Invoice not found',
		);
		const pay = payWorkflow(org, 3, 'REREAD');
		const id = await n8n.importWorkflow(pay);
		const [{ batchId }] = outputOf(await n8n.execute(id), 'Amili Payment');
		sim.completeBatch(String(batchId));
		// The user edits the same workflow (its memory is the workflow's) to read batch 1, then back.
		const readBatch1 = async () => {
			await n8n.importWorkflow(readBatchWorkflow(org, id, String(batchId)));
			return n8n.execute(id);
		};
		const sendAgain = async () => {
			await n8n.importWorkflow({ ...pay, id });
			return n8n.execute(id);
		};
		const read = await readBatch1();
		expect(outputOf(read, 'Get')[0]).toMatchObject({ batchId, status: 'PARTIAL' });
		expect(hintsOf(read, 'Get')).toEqual([
			expect.stringMatching(
				/^1 payment that Amili failed in batch .* is no longer remembered .*REREAD-1\.$/,
			),
		]);
		invoiceMissing = false;
		expect((await sendAgain()).ok).toBe(true);
		expect(received(org)).toEqual([...ids(3, 'REREAD'), 'REREAD-1']);
		// Batch 1 still lists REREAD-1 as failed, but the memory holds it from batch 2 now.
		const readAgain = await readBatch1();
		expect(readAgain.ok).toBe(true);
		expect(hintsOf(readAgain, 'Get')).toEqual([
			expect.stringMatching(
				/^1 payment that Amili failed in batch .* is not held by this workflow's memory from this batch, so nothing changed for it: .*REREAD-1\./,
			),
		]);
		const last = await sendAgain();
		expect(last.ok).toBe(true);
		expect(received(org)).toEqual([...ids(3, 'REREAD'), 'REREAD-1']);
		expect(registered(org).sort()).toEqual(ids(3, 'REREAD'));
	});

	it('a payment Amili failed in processing is sent again by the next run; the others are not', async () => {
		const org = randomUUID();
		let invoiceMissing = true;
		sim.failPaymentsMatching(
			(p) => invoiceMissing && p.uniqueSourcePaymentId === 'FAILED-1',
			'Invoice not found',
		);
		const options = { waitForResult: true, pollInterval: 0.2 };
		const id = await n8n.importWorkflow(payWorkflow(org, 3, 'FAILED', options));
		const first = await n8n.execute(id);
		expect(outputOf(first, 'Amili Payment').map((item) => item.failed)).toEqual([
			false,
			true,
			false,
		]);
		invoiceMissing = false;
		const second = await n8n.execute(id);
		expect(outputOf(second, 'Amili Payment').map((item) => item.failed ?? item.outcome)).toEqual([
			'sentBefore',
			false,
			'sentBefore',
		]);
		expect(received(org)).toEqual([...ids(3, 'FAILED'), 'FAILED-1']);
	});

	it('a failed entry with a position only (1-based), Wait for Batch Result: that payment unclear and kept; the next run sends nothing', async () => {
		const org = randomUUID();
		// 1-based: read as 0-based, the position of POS-1 (objectindex 2) would name POS-2.
		sim.setFailedEntryShape('index1');
		sim.failPaymentsMatching(['POS-1'], 'Invoice not found');
		const options = { waitForResult: true, pollInterval: 0.2 };
		const id = await n8n.importWorkflow(payWorkflow(org, 3, 'POS', options));
		const first = await n8n.execute(id);
		expect(first.ok).toBe(true);
		const output = outputOf(first, 'Amili Payment');
		expect(output.map((item) => [item.failed, item.outcome])).toEqual([
			[false, undefined],
			[true, 'unclear'],
			[false, undefined],
		]);
		expect(output[1].reason).toMatch(/names no payment ID \(only a position.*stays remembered/);
		const second = await n8n.execute(id);
		expect(second.ok).toBe(true);
		expect(outputOf(second, 'Amili Payment').map((item) => item.outcome)).toEqual([
			'sentBefore',
			'sentBefore',
			'sentBefore',
		]);
		expect(received(org)).toEqual(ids(3, 'POS'));
	});

	it('failed entries naming only an invoice (Wait for Batch Result): two failed payments sharing one are both unclear and kept; one Amili lists beside a succeeded one is released', async () => {
		const org = randomUUID();
		sim.setFailedEntryShape('invoice');
		let invoicesClosed = true;
		// INV-S: SHARED-0 registered, SHARED-1 failed; INV-B: SHARED-2 and SHARED-3 both failed.
		sim.failPaymentsMatching(
			(p) =>
				invoicesClosed && (p.uniqueSourcePaymentId === 'SHARED-1' || p.invoiceNumber === 'INV-B'),
			'Invoice is closed',
		);
		const shared = code(
			'Payments',
			`return ['INV-S', 'INV-S', 'INV-B', 'INV-B'].map((invoiceNumber, i) => ({ json: {
				invoiceNumber, uniqueSourcePaymentId: 'SHARED-' + i, amount: 100 + i,
				currency: 'NOK', date: '2025-03-09',
			} }));`,
		);
		const options = { waitForResult: true, pollInterval: 0.2 };
		const id = await n8n.importWorkflow(
			workflow({
				nodes: [manualTrigger(), shared, payNode(org, options)],
				connections: chain('Start', 'Payments', 'Amili Payment'),
			}),
		);
		const first = await n8n.execute(id);
		expect(first.ok).toBe(true);
		// Amili's `succeeded` names SHARED-0, so the INV-S entry can only be SHARED-1 (the rule counts
		// the payments no entry names by ID); INV-B's entries may be either payment of INV-B.
		expect(outputOf(first, 'Amili Payment').map((item) => [item.failed, item.outcome])).toEqual([
			[false, undefined],
			[true, undefined],
			[true, 'unclear'],
			[true, 'unclear'],
		]);
		invoicesClosed = false;
		const second = await n8n.execute(id);
		expect(outputOf(second, 'Amili Payment').map((item) => item.outcome ?? item.failed)).toEqual([
			'sentBefore',
			false,
			'sentBefore',
			'sentBefore',
		]);
		expect(received(org)).toEqual([...ids(4, 'SHARED'), 'SHARED-1']);
		expect(registered(org).sort()).toEqual(['SHARED-0', 'SHARED-1']);
	});

	it('Forget Sent in the same workflow, then a run: the forgotten payment is sent again', async () => {
		const org = randomUUID();
		const pay = payWorkflow(org, 3, 'FORGET');
		const id = await n8n.importWorkflow(pay);
		await n8n.execute(id);
		// The user edits the workflow: an Amili node, Payment → Forget Sent, fed the payment to forget.
		const forget = workflow({
			id,
			nodes: [
				manualTrigger(),
				code('IDs', `return [{ json: { id: 'FORGET-1' } }, { json: { id: 'NEVER-SENT' } }];`),
				{
					...payNode(org),
					name: 'Forget',
					type: 'n8n-nodes-amili.amili',
					parameters: {
						authentication: 'oAuth2',
						organizationId: org,
						resource: 'payment',
						operation: 'forgetSent',
						forget: 'records',
						// The ID alone, as the node's messages give it.
						mappingMode: 'json',
						paymentJson: '={ "uniqueSourcePaymentId": "{{ $json.id }}" }',
					},
				},
			],
			connections: chain('Start', 'IDs', 'Forget'),
		});
		await n8n.importWorkflow(forget);
		const forgot = await n8n.execute(id);
		expect(outputOf(forgot, 'Forget')).toEqual([
			{ uniqueSourcePaymentId: 'FORGET-1', forgotten: true },
			expect.objectContaining({ uniqueSourcePaymentId: 'NEVER-SENT', forgotten: false }),
		]);
		await n8n.importWorkflow({ ...pay, id });
		const again = await n8n.execute(id);
		expect(again.ok).toBe(true);
		expect(received(org)).toEqual([...ids(3, 'FORGET'), 'FORGET-1']);
	});

	it("an unknown outcome reaches a person: the next run sends the rest and ends as an error naming the IDs, in n8n's log too; Mark as Registered settles them", async () => {
		const org = randomUUID();
		sim.addFault({ route: 'createPayments', orgId: org, reset: 'after-processing' });
		const id = await n8n.importWorkflow(payWorkflow(org, 2, 'UNKNOWN', { output: 'items' }));
		expect((await n8n.execute(id)).error?.message).toMatch(/Outcome unknown/);
		// The source has a new payment by the next run: it is sent, then the run ends as an error.
		const pay = { ...payWorkflow(org, 3, 'UNKNOWN', { output: 'items' }), id };
		await n8n.importWorkflow(pay);
		const reported = await n8n.execute(id);
		expect(reported.ok).toBe(false);
		expect(reported.error?.message).toBe(
			'This workflow has 2 payments of unknown outcome, not sent again: UNKNOWN-0, UNKNOWN-1',
		);
		expect(reported.error?.description).toMatch(
			/Mark as Registered.*Forget Sent.*Everything else of this run was done/,
		);
		expect(received(org)).toEqual(ids(3, 'UNKNOWN'));
		// n8n's log: what the `n8n execute` process printed (N8N_LOG_FORMAT=json, level info).
		expect(reported.stdout + reported.stderr).toContain(
			'Amili: 2 payments of unknown outcome, not sent again: UNKNOWN-0, UNKNOWN-1',
		);
		// A person checked at Amili: it has them. The same workflow (its memory), edited to mark them.
		const mark = amiliNode(org, 'Mark', { resource: 'payment', operation: 'markRegistered' });
		await n8n.importWorkflow(
			workflow({
				id,
				nodes: [manualTrigger(), paymentsNode(3, 'UNKNOWN'), mark],
				connections: chain('Start', 'Payments', 'Mark'),
			}),
		);
		expect(outputOf(await n8n.execute(id), 'Mark')).toEqual(
			['unknown', 'unknown', 'sentBefore'].map((before, i) => ({
				uniqueSourcePaymentId: `UNKNOWN-${i}`,
				registered: true,
				before,
			})),
		);
		await n8n.importWorkflow(pay);
		const settled = await n8n.execute(id);
		expect(settled.ok).toBe(true);
		expect(outputOf(settled, 'Amili Payment').map((item) => item.outcome)).toEqual([
			'sentBefore',
			'sentBefore',
			'sentBefore',
		]);
		expect(settled.stdout + settled.stderr).not.toContain('of unknown outcome');
		expect(received(org)).toEqual(ids(3, 'UNKNOWN'));
	});

	newestLineOnly(
		'staging, then production with the same organization ID: production sends what staging had',
		async () => {
			const org = randomUUID();
			const staging = {
				...oauth,
				id: n8nId(),
				name: 'Amili (staging)',
				data: { ...oauth.data, baseUrl: sim.apiBaseUrl.replace('127.0.0.1', 'localhost') },
			};
			await n8n.importCredentials([staging]);
			const id = await n8n.importWorkflow(
				payWorkflow(org, 2, 'ENV', {}, { credentials: { amiliOAuth2Api: ref(staging) } }),
			);
			await n8n.execute(id);
			// Switched to production: the same workflow, another credential.
			await n8n.importWorkflow({ ...payWorkflow(org, 2, 'ENV'), id });
			await n8n.execute(id);
			expect(received(org)).toEqual([...ids(2, 'ENV'), ...ids(2, 'ENV')]);
		},
	);

	newestLineOnly(
		'version 1 keeps sending what it is given: the same input twice is sent twice',
		async () => {
			const org = randomUUID();
			const id = await n8n.importWorkflow(
				payWorkflow(org, 2, 'V1', {}, { typeVersion: 1 } as Partial<NodeInput>),
			);
			await n8n.execute(id);
			await n8n.execute(id);
			expect(received(org)).toEqual([...ids(2, 'V1'), ...ids(2, 'V1')]);
		},
	);

	describe("n8n's Retry of a failed execution, in a running n8n server", () => {
		/**
		 * 80 payments in 8 batches, Amili refusing batch 3: the manual run fails; then the executions
		 * list's Retry (the REST call it makes). Returns what Amili received, in order.
		 */
		async function failThenRetry(org: string, prefix: string, typeVersion: number) {
			sim.addFault({ ...passing(2), orgId: org });
			sim.addFault({ ...REFUSED, orgId: org });
			const id = await n8n.importWorkflow(
				payWorkflow(org, 80, prefix, { batchSize: 10 }, { typeVersion } as Partial<NodeInput>),
			);
			if (!n8n.running) {
				await n8n.start();
				await n8n.setupOwner();
			}
			const started = await n8n.runManually(id, 'Start');
			expect(started.status).toBe(200);
			const [failed] = await n8n.finishedExecutions(id, 1, 60_000);
			expect(failed.status).toBe('error');
			const retry = await n8n.rest('POST', `/executions/${failed.id}/retry`, {
				loadWorkflow: false,
			});
			expect(retry.status).toBe(200);
			const all = await n8n.finishedExecutions(id, 2, 60_000);
			expect(all.map((execution) => execution.status)).toEqual(['error', 'success']);
			return sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId);
		}

		it('version 2: the retry sends only what Amili did not register; each payment exactly once', async () => {
			const org = randomUUID();
			const received = await failThenRetry(org, 'RETRY', 2);
			expect([...received].sort()).toEqual(ids(80, 'RETRY').sort());
			expect(sim.duplicatePaymentIds(org)).toEqual([]);
		});

		newestLineOnly(
			'version 1 (memory off, as before): the retry sends the accepted batches again',
			async () => {
				const org = randomUUID();
				const received = await failThenRetry(org, 'RETRY1', 1);
				expect(received).toHaveLength(100);
				expect([...sim.duplicatePaymentIds(org)].sort()).toEqual(ids(20, 'RETRY1').sort());
			},
		);
	});
});
