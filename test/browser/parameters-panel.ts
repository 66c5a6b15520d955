/**
 * Reading the open node's parameters panel (NDV) as the user sees it: its top-level items in order,
 * and the credential its credential select shows.
 */
import type { Locator } from 'playwright-core';

import { sleep } from './wait';

/** One top-level item of the parameters panel, as the page shows it. */
export interface RenderedItem {
	/** The parameter name (label[for]), `notice:<text>` for a notice, or a marker for n8n's own items. */
	key: string;
	/** Whether `[data-test-id="parameter-input-<name>"]` is in the item. */
	hasInput: boolean;
	/** Whether `[data-test-id="resource-locator-<name>"]` is in the item. */
	hasLocator: boolean;
}

export const CREDENTIALS_ITEM = '(credentials)';

/** The little of the DOM renderedParameters() uses (the project compiles without the DOM lib). */
interface PageElement {
	readonly parentElement: PageElement | null;
	readonly offsetParent: unknown;
	readonly textContent: string | null;
	getAttribute(name: string): string | null;
	getBoundingClientRect(): { width: number; height: number };
	querySelector(selector: string): PageElement | null;
	querySelectorAll(selector: string): ArrayLike<PageElement>;
	closest(selector: string): PageElement | null;
}

/** The panel's top-level items, in order (only the Parameters tab, only what is visible). */
export function renderedParameters(ndv: Locator): Promise<RenderedItem[]> {
	// Runs in the page: it can use nothing from this module (hence the literal '(credentials)').
	return ndv.locator('[data-test-id="node-parameters"]').evaluate((root: PageElement) => {
		const visible = (el: PageElement) => {
			const box = el.getBoundingClientRect();
			return el.offsetParent !== null && box.width > 0 && box.height > 0;
		};
		const items = Array.from(root.querySelectorAll('[data-test-id="parameter-item"]')).filter(
			(el) => visible(el) && !el.parentElement?.closest('[data-test-id="parameter-item"]'),
		);
		// n8n renders the credential select inside the first parameter's item: one item may give two entries.
		return items.flatMap((item) => {
			const entries: Array<{ key: string; hasInput: boolean; hasLocator: boolean }> = [];
			if (item.querySelector('[data-test-id="node-credentials-slot"]')) {
				entries.push({ key: '(credentials)', hasInput: false, hasLocator: false });
			}
			const name = item.querySelector('label[for]')?.getAttribute('for');
			const notice = item.querySelector('.notice');
			if (name) {
				entries.push({
					key: name,
					// n8n's field mapper (a resourceMapper parameter) renders its own container, not one input.
					hasInput:
						item.querySelector(`[data-test-id="parameter-input-${name}"]`) !== null ||
						item.querySelector('[data-test-id="resource-mapper-container"]') !== null,
					hasLocator: item.querySelector(`[data-test-id="resource-locator-${name}"]`) !== null,
				});
			} else if (notice) {
				const text = (notice.textContent ?? '').replace(/\s+/g, ' ').trim();
				entries.push({ key: `notice:${text}`, hasInput: false, hasLocator: false });
			} else if (entries.length === 0) {
				const testIds = Array.from(item.querySelectorAll('[data-test-id]'))
					.map((el) => el.getAttribute('data-test-id'))
					.slice(0, 3)
					.join(',');
				entries.push({
					key: `(unrecognised item: ${testIds || (item.textContent ?? '').slice(0, 60)})`,
					hasInput: false,
					hasLocator: false,
				});
			}
			return entries;
		});
	});
}

/** Polls the panel until its items' keys (mapped by `normalise`) equal `expected`; returns the last items seen. */
export async function waitForParameters(
	ndv: Locator,
	expected: string[],
	normalise: (item: RenderedItem) => string,
	timeoutMs: number,
): Promise<{ ok: boolean; items: RenderedItem[]; keys: string[] }> {
	const deadline = Date.now() + timeoutMs;
	let items: RenderedItem[] = [];
	let keys: string[] = [];
	for (;;) {
		items = await renderedParameters(ndv);
		keys = items.map(normalise);
		if (keys.length === expected.length && keys.every((k, i) => k === expected[i]))
			return { ok: true, items, keys };
		if (Date.now() > deadline) return { ok: false, items, keys };
		await sleep(100);
	}
}

/**
 * The text the node's credential select shows (the selected credential's name). Given `expected`,
 * waits until it shows that (or `timeoutMs` passes) and returns what it shows then: n8n fills the
 * select after the panel appears (and picks a new node's only credential itself).
 */
export async function selectedCredential(
	ndv: Locator,
	expected: string | undefined,
	timeoutMs: number,
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const shown = await credentialShown(ndv);
		if (expected === undefined || shown === expected || Date.now() > deadline) return shown;
		await sleep(100);
	}
}

async function credentialShown(ndv: Locator): Promise<string> {
	const select = ndv.locator('[data-test-id="node-credentials-select"]').first();
	const input = select.locator('input').first();
	const value =
		(await input.inputValue().catch(() => '')) || (await input.getAttribute('placeholder')) || '';
	return value || (await select.innerText()).trim();
}
