/**
 * A payment flow built in n8n's editor the way a new user builds it, in Chromium against a real n8n
 * 2.41.1 and the simulator: from an empty canvas, a Manual Trigger, a Code node with paid invoices
 * whose fields are not named as Amili names them, Amili Payment found in the node panel's search, its
 * credential, Map Each Field filled by dragging input fields onto n8n's field mapper, a run whose
 * batchId shows in the output panel, then Amili → Batch → Wait for Completion fed by dragging the
 * batchUrl, and its outcome.
 *
 * The steps run in order and share the page; each saves a screenshot to .artifacts/editor-flow/.
 * With AMILI_UPDATE_DOCS_SCREENSHOT=1 the panel with the mapper and the output is also written to
 * docs/images/amili-payment-mapper.png, docs/payment-node.md's picture (the committed copy is reduced with
 * `pngquant --strip --force --output <file> <file>`). A last step opens the README's quick-start
 * example (examples/nightly-sheet-payments.json, imported as a user imports it) and pictures its
 * canvas: with AMILI_UPDATE_DOCS_SCREENSHOT=1 that goes to docs/images/quick-start.png. Chromium and
 * opting out as in editor.test.ts.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	addFirstNode,
	addNodeAfter,
	dragInputField,
	executeStep,
	executeStepWith,
	mapperField,
	outputPanel,
	outputText,
	replaceCode,
} from '../browser/canvas';
import { Editor } from '../browser/editor';
import { launchSignedIn } from '../browser/session';
import { newestLineOnly } from '../harness/lines';
import { N8nInstance } from '../harness/n8n';
import { REPO_ROOT } from '../harness/runtime';
import { oauth2Credential, type CredentialJson, type WorkflowInput } from '../harness/workflow';
import { startSimulator, type AmiliSimulator } from '../simulator';

const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
const SHOTS = join(REPO_ROOT, '.artifacts', 'editor-flow');
const DOCS_PICTURE = join(REPO_ROOT, 'docs', 'images', 'amili-payment-mapper.png');
const QUICK_START = join(REPO_ROOT, 'examples', 'nightly-sheet-payments.json');
const QUICK_START_PICTURE = join(REPO_ROOT, 'docs', 'images', 'quick-start.png');

/** Paid invoices as an accounting export names them: nothing here is called as Amili calls it. */
const PAID = [
	{
		ref: 'INV-1001',
		paidAmount: 1250.5,
		paidOn: '2026-03-09',
		bankTxId: 'BANK-7781',
		payer: 'Ola Nordmann',
	},
	{
		ref: 'INV-1002',
		paidAmount: 980,
		paidOn: '2026-03-10',
		bankTxId: 'BANK-7782',
		payer: 'Kari Nordmann',
	},
];
const CODE = `return [\n${PAID.map((p) => `  ${JSON.stringify(p)},`).join('\n')}\n];`;

/** Input field → the Amili field of the mapper it is dragged onto. */
const DRAGS: Array<[string, string]> = [
	['ref', 'invoiceNumber'],
	['bankTxId', 'uniqueSourcePaymentId'],
	['paidAmount', 'amount'],
	['paidOn', 'date'],
];

const optedOut = process.env.AMILI_SKIP_EDITOR_TESTS === '1' && process.env.CI !== 'true';
const describeEditor = optedOut ? describe.skip : describe;

describeEditor('a payment flow built by drag and drop in n8n’s editor (Chromium)', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let credential: CredentialJson;
	let editor: Editor;
	let trigger: string;
	let quickStartId: string;
	let shot = 0;

	/** The page as the user sees it now, numbered in step order. */
	async function screenshot(step: string): Promise<string> {
		shot += 1;
		const path = join(SHOTS, `${String(shot).padStart(2, '0')}-${step}.png`);
		await editor.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
		return path;
	}

	/**
	 * One step of the flow, after the step before it: a failure is saved as a screenshot, and the steps
	 * after it fail at once instead of each waiting for a page that will not come.
	 */
	let failed: string | undefined;
	function flowStep(title: string, run: () => Promise<void>): void {
		newestLineOnly(title, async () => {
			if (failed) throw new Error(`an earlier step failed: ${failed}`);
			try {
				await run();
			} catch (error) {
				failed = title;
				await screenshot('FAILED').catch(() => undefined);
				throw error;
			}
		});
	}

	/** The editor's own errors (a thrown page error) fail the step they happen in. */
	function expectNoPageErrors(): void {
		expect(editor.problems.filter((p) => p.kind === 'pageerror')).toEqual([]);
	}

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator({ batchDelayMs: 300 })]);
		credential = oauth2Credential(sim);
		await n8n.importCredentials([credential]);
		quickStartId = await n8n.importWorkflow(
			JSON.parse(readFileSync(QUICK_START, 'utf8')) as WorkflowInput,
		);
		await n8n.start();
		editor = await launchSignedIn(n8n);
		// This machine may be busy (two cores shared): the editor's first load takes its time.
		editor.page.setDefaultTimeout(60_000);
		mkdirSync(SHOTS, { recursive: true });
	});

	afterAll(async () => {
		await editor?.close();
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	flowStep('1. on an empty canvas, adds a Manual Trigger from the node panel', async () => {
		editor.step('empty canvas');
		await editor.page.goto(`${n8n.baseUrl}/workflow/new`);
		trigger = await addFirstNode(editor, 'manual', 'Manual Trigger');
		await expect(editor.page.locator('[data-test-id="canvas-node"]').count()).resolves.toBe(1);
		expect(trigger).toMatch(/Execute workflow/);
		await screenshot('manual-trigger');
		expectNoPageErrors();
	});

	flowStep('2. adds a Code node with paid invoices named as an export names them', async () => {
		editor.step('code node');
		await addNodeAfter(editor, trigger, 'Code', 'Code', 'Code in JavaScript');
		await replaceCode(editor, 'jsCode', CODE);
		await executeStepWith(editor, 'Code in JavaScript', PAID[1].bankTxId);
		await outputPanel(editor).getByText('2 items').first().waitFor();
		await screenshot('paid-invoices');
		await editor.closeNode();
		expectNoPageErrors();
	});

	flowStep(
		'3–4. finds "Amili" in the node panel, adds Amili Payment, chooses the credential',
		async () => {
			editor.step('amili payment');
			await addNodeAfter(editor, 'Code in JavaScript', 'Amili', 'Amili Payment');
			// The one Amili OAuth2 credential is chosen for the user; the select shows it.
			expect(await editor.selectedCredential(credential.name)).toBe(credential.name);
			const organizationId = editor.parameterInput('organizationId').locator('input').first();
			await organizationId.fill(ORG);
			await organizationId.press('Tab');
			await screenshot('amili-payment-credential');
			expectNoPageErrors();
		},
	);

	flowStep(
		'5. Map Each Field: drags input fields onto the field mapper’s Amili fields',
		async () => {
			editor.step('map each field');
			await editor.selectOption('mappingMode', 'Map Each Field');
			// n8n's field mapper lists the Amili payment fields from the node's schema.
			for (const [, field] of DRAGS) await mapperField(editor, field).waitFor();
			await screenshot('mapper-empty');
			for (const [input, field] of DRAGS) {
				await dragInputField(editor, input, mapperField(editor, field));
			}
			for (const [input, field] of DRAGS) {
				await expect(mapperField(editor, field).innerText()).resolves.toContain(
					`{{ $json.${input} }}`,
				);
			}
			await screenshot('mapper-dragged');
			expectNoPageErrors();
		},
	);

	flowStep(
		'6. executes the workflow; the output panel shows the batch the simulator created',
		async () => {
			editor.step('execute workflow');
			await editor.closeNode();
			await editor.page.locator('[data-test-id="execute-workflow-button"]').click();
			await editor
				.canvasNode('Amili Payment')
				.locator('[data-test-id="canvas-node-status-success"]')
				.waitFor();

			const [batch] = sim.paymentBatches(ORG);
			expect(sim.paymentBatches(ORG)).toHaveLength(1);
			expect(sim.receivedPayments(ORG)).toEqual(
				PAID.map((paid) =>
					expect.objectContaining({
						invoiceNumber: paid.ref,
						uniqueSourcePaymentId: paid.bankTxId,
						amount: paid.paidAmount,
						currency: 'NOK',
						date: expect.stringMatching(new RegExp(`^${paid.paidOn}`)),
					}),
				),
			);

			await editor.openNode('Amili Payment');
			const output = await outputText(editor, batch.batchId);
			expect(output).toContain(`"batchId": "${batch.batchId}"`);
			expect(output).toContain('"batchUrl"');
			await screenshot('mapper-and-output');
			if (process.env.AMILI_UPDATE_DOCS_SCREENSHOT === '1') {
				mkdirSync(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
				await editor.screenshotPanel(DOCS_PICTURE);
			}
			await editor.closeNode();
			expectNoPageErrors();
		},
	);

	flowStep(
		'7. adds Amili → Wait for Completion fed by the dragged batchUrl; the output shows SUCCESS',
		async () => {
			editor.step('wait for completion');
			await addNodeAfter(editor, 'Amili Payment', 'Amili', 'Amili', 'Wait for a batch to complete');
			const organizationId = editor.parameterInput('organizationId').locator('input').first();
			await organizationId.fill(ORG);
			await dragInputField(
				editor,
				'batchUrl',
				editor.ndv.locator(
					'[data-test-id="resource-locator-batchId"] [data-test-id="rlc-input-container"]',
				),
			);
			await screenshot('wait-batch-url');
			await executeStep(editor, 'Wait for a batch to complete');
			const [batch] = sim.paymentBatches(ORG);
			const output = await outputText(editor, /"status": "SUCCESS"/);
			expect(output).toContain(`"batchId": "${batch.batchId}"`);
			expect(output).toContain('"succeededCount": 2');
			await screenshot('wait-success');
			// Waiting read the batch; the payments were sent once.
			expect(sim.paymentBatches(ORG)).toHaveLength(1);
			await editor.closeNode();
			expectNoPageErrors();
		},
	);

	flowStep(
		'8. the quick-start example, imported, shows its three steps on the canvas',
		async () => {
			editor.step('quick start');
			// Leaving the flow's workflow may ask to save it: go on.
			editor.page.on('dialog', (dialog) => void dialog.accept());
			await editor.openWorkflow(quickStartId);
			const names = ['Every night at 02:00', 'Paid invoices (Google Sheet)', 'Amili Payment'];
			for (const name of names) await editor.canvasNode(name).waitFor();
			await expect(editor.page.locator('[data-test-id="canvas-node"]').count()).resolves.toBe(3);
			// The picture holds the nodes and their names, with a margin, not the editor's chrome.
			const boxes = await Promise.all(names.map((name) => editor.canvasNode(name).boundingBox()));
			const margin = 90;
			const left = Math.min(...boxes.map((b) => b?.x ?? 0)) - margin;
			const top = Math.min(...boxes.map((b) => b?.y ?? 0)) - margin;
			const right = Math.max(...boxes.map((b) => (b ? b.x + b.width : 0))) + margin;
			const bottom = Math.max(...boxes.map((b) => (b ? b.y + b.height : 0))) + margin;
			const clip = {
				x: Math.max(0, left),
				y: Math.max(0, top),
				width: right - left,
				height: bottom - top,
			};
			shot += 1;
			const path = join(SHOTS, `${String(shot).padStart(2, '0')}-quick-start.png`);
			await editor.page.screenshot({ path, clip, animations: 'disabled', caret: 'hide' });
			if (process.env.AMILI_UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(path, QUICK_START_PICTURE);
			expectNoPageErrors();
		},
	);
});
