/**
 * Building a workflow in n8n's editor as a user does: nodes added from the node panel's search,
 * input fields dragged from the input panel onto parameters, steps executed, outputs read.
 *
 *   await addFirstNode(editor, 'manual', 'Manual Trigger');
 *   await addNodeAfter(editor, trigger, 'Code', 'Code', 'Code in JavaScript');
 *   await dragInputField(editor, 'ref', mapperField(editor, 'invoiceNumber'));
 *
 * Every wait is for something on the page; none is a fixed pause.
 */
import type { Locator } from 'playwright-core';

import { dragOnto, settledBox } from './drag';
import type { Editor } from './editor';

/** The node panel (n8n's "node creator"): searches, then picks the node called `item`. */
async function pickFromNodePanel(editor: Editor, search: string, item: string): Promise<void> {
	const { page } = editor;
	await page.locator('[data-test-id="node-creator-search-bar"]').fill(search);
	await page
		.locator('[data-test-id="node-creator-item-name"]:visible')
		.getByText(item, { exact: true })
		.click();
}

/** After picking a node, n8n shows its actions (or, for a community node, an "Add to workflow"
 * page); `action` is the one to click. Waits until the node's panel is open. */
async function chooseAction(editor: Editor, action?: string): Promise<void> {
	const { page } = editor;
	if (action) {
		await page
			.locator('[data-test-id="item-iterator-item"]:visible')
			.filter({ hasText: action })
			.first()
			.click();
	}
	await editor.ndv.locator('[data-test-id="node-parameters"]').waitFor();
}

/** On an empty canvas: "Add first step", search, pick; returns the new node's name, its panel closed. */
export async function addFirstNode(editor: Editor, search: string, item: string): Promise<string> {
	const { page } = editor;
	await page.locator('[data-test-id="canvas-plus-button"]').click();
	await pickFromNodePanel(editor, search, item);
	const node = page.locator('[data-test-id="canvas-node"]').first();
	await node.waitFor();
	// n8n opens the panel of any node it adds but a Manual Trigger (its nodeCreator useActions), and
	// the panel's code loads on first use: wait for it rather than look once and find nothing yet.
	if (item !== 'Manual Trigger') {
		await editor.ndv.locator('[data-test-id="node-parameters"]').waitFor();
		await editor.closeNode();
	}
	return (await node.getAttribute('data-node-name')) ?? item;
}

/**
 * The + at `after`'s output, search, pick, then the action (or "Add to workflow" for a community
 * node's page when `action` is undefined); leaves the new node's panel open.
 */
export async function addNodeAfter(
	editor: Editor,
	after: string,
	search: string,
	item: string,
	action?: string,
): Promise<void> {
	const { page } = editor;
	await page
		.locator(
			`[data-test-id="canvas-node-output-handle"][data-node-name="${after}"] [data-test-id="canvas-handle-plus"]`,
		)
		.click();
	await pickFromNodePanel(editor, search, item);
	if (action === undefined) {
		const add = page.getByRole('button', { name: 'Add to workflow' });
		await add.or(editor.ndv).first().waitFor();
		if (await add.isVisible()) await add.click();
	}
	await chooseAction(editor, action);
}

/** Replaces the text of a CodeMirror editor (the Code node's) as a paste would, without auto-closing
 * brackets; waits until the editor holds it. */
export async function replaceCode(editor: Editor, parameter: string, code: string): Promise<void> {
	const content = editor.parameterInput(parameter).locator('.cm-content');
	// The editor shows its initial code once loaded; typing before would be overwritten.
	await content.locator('.cm-line').first().waitFor();
	await content.click();
	await editor.page.keyboard.press('ControlOrMeta+A');
	await editor.page.keyboard.press('Delete');
	await editor.page.keyboard.insertText(code);
	const lastLine = code.trim().split('\n').at(-1) ?? '';
	await content.getByText(lastLine.trim()).last().waitFor();
	await content.getByText(code.split('\n')[1].trim().slice(0, 20)).first().waitFor();
}

/** A field of the resource mapper (n8n's field mapper, `resourceMapper` parameters). */
export function mapperField(editor: Editor, field: string): Locator {
	return editor.ndv.locator(
		`[data-test-id="mapping-fields-container"] [data-test-id="parameter-input-${field}"]`,
	);
}

/** An input field in the input panel's Schema view, by its name. */
export function inputField(editor: Editor, field: string): Locator {
	return editor.ndv
		.locator('[data-test-id="ndv-input-panel"] [data-test-id="run-data-schema-node-name"]')
		.getByText(field, { exact: true })
		.first();
}

/**
 * Drags `field` from the input panel onto `target` (drag.ts: the way n8n's editor needs it) and
 * checks that this drop landed before anything else happens: the target shows the expression
 * `{{ $json.<field> }}`, and, for a parameter input, its expression preview line is there (n8n adds
 * it 200 ms later, moving every field below) and the target holds still. A drop that does not land
 * throws an error naming the field and the target.
 */
export async function dragInputField(
	editor: Editor,
	field: string,
	target: Locator,
): Promise<void> {
	const testId = (await target.getAttribute('data-test-id')) ?? String(target);
	const what = `dragging input field "${field}" onto ${testId}`;
	await dragOnto(editor.page, inputField(editor, field), target, `{{ $json.${field} }}`, what);
	const name = /^parameter-input-(.+)$/.exec(testId)?.[1];
	if (name) {
		// The preview sits beside the input, inside n8n's ParameterInputWrapper.
		const preview = `[@data-test-id="parameter-expression-preview-${name}"]`;
		await target
			.locator(`xpath=ancestor::*[.//*${preview}][1]//*${preview}`)
			.first()
			.waitFor({ timeout: 10_000 })
			.catch(() => {
				throw new Error(`${what}: the value landed, but n8n shows no expression preview under it`);
			});
	}
	await settledBox(target);
}

/** The open panel's "Execute step" for `node`; waits until the canvas marks the node as run. */
export async function executeStep(editor: Editor, node: string, timeout = 120_000): Promise<void> {
	await clickExecuteStep(editor);
	await runSucceeded(editor, node, timeout);
}

/** Playwright's click waits for the button to be enabled: n8n disables it while a run goes on. */
async function clickExecuteStep(editor: Editor): Promise<void> {
	await editor.ndv.locator('[data-test-id="node-execute-button"]').first().click();
}

async function runSucceeded(editor: Editor, node: string, timeout = 120_000): Promise<void> {
	await editor
		.canvasNode(node)
		.locator('[data-test-id="canvas-node-status-success"]')
		.waitFor({ state: 'attached', timeout });
}

/**
 * "Execute step" until the run n8n starts carries `marker` (text of a parameter just edited): n8n
 * commits an edited code editor's text after a debounce, and a run started before that runs the old
 * code. Only the run that carries the marker is waited for: after a stale run the commit marks the
 * node as changed, so the canvas may never show that run's success.
 */
export async function executeStepWith(
	editor: Editor,
	node: string,
	marker: string,
	attempts = 5,
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const run = editor.page.waitForRequest(
			(request) =>
				request.method() === 'POST' && /\/rest\/workflows\/[^/]+\/run/.test(request.url()),
		);
		await clickExecuteStep(editor);
		if ((await run).postData()?.includes(marker)) return await runSucceeded(editor, node);
		if (attempt === attempts) throw new Error(`no run of ${node} carried "${marker}"`);
	}
}

export function outputPanel(editor: Editor): Locator {
	return editor.ndv.locator('[data-test-id="output-panel"]');
}

/** The output panel in its JSON view, as text with its blanks collapsed (waits until it shows `expected`). */
export async function outputText(editor: Editor, expected: string | RegExp): Promise<string> {
	const output = outputPanel(editor);
	await output.locator('[data-test-id="radio-button-json"]').click();
	const data = output.locator('[data-test-id="ndv-data-container"]');
	await data.getByText(expected).first().waitFor();
	return (await data.innerText()).replace(/\s+/g, ' ');
}
