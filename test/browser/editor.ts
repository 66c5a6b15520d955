/**
 * n8n's editor in Debian's Chromium, driven by playwright-core, through n8n's own test ids.
 *
 *   const editor = await Editor.launch({ executablePath, baseUrl: n8n.baseUrl, cookie, browserId });
 *   await editor.openWorkflow(id);
 *   await editor.openNode('Amili');
 *   await editor.selectOption('resource', 'Invoice');
 *   const rendered = await editor.waitForParameters(['organizationId', 'resource', …]);
 *   expect(editor.problems).toEqual([]);
 *
 * Every page error and console error of the editor is recorded with the step it happened in (see
 * `problems`), except the known noise: requests to hosts other than n8n's own (its external
 * services, unreachable here) and the one 401 of /rest/login before sign-in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Flags measured to work on these machines (Playwright refuses --user-data-dir here: it is the context's folder). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface EditorProblem {
	step: string;
	kind: 'pageerror' | 'console';
	text: string;
	url?: string;
}

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
export const CUSTOM_API_CALL_NOTICE = '(custom API call notice)';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Editor {
	readonly problems: EditorProblem[] = [];
	private currentStep = 'start';
	private signedIn = false;

	private constructor(
		readonly context: BrowserContext,
		readonly page: Page,
		readonly baseUrl: string,
		private readonly profileDir: string,
	) {
		const origin = new URL(baseUrl).origin;
		page.on('pageerror', (error) => {
			this.problems.push({
				step: this.currentStep,
				kind: 'pageerror',
				text: `${error.name}: ${error.message}`,
			});
		});
		page.on('console', (message) => {
			if (message.type() !== 'error') return;
			const url = message.location().url;
			if (url && !url.startsWith(origin)) return; // n8n's external services, unreachable here
			if (
				!this.signedIn &&
				url.startsWith(`${origin}/rest/login`) &&
				message.text().includes('401')
			)
				return;
			this.problems.push({ step: this.currentStep, kind: 'console', text: message.text(), url });
		});
	}

	/** Chromium with a fresh profile, signed in through the session cookie of a REST login made with `browserId`. */
	static async launch(options: {
		executablePath: string;
		baseUrl: string;
		/** `n8n-auth=…` from a REST login. */
		cookie: string;
		/** The browser-id header that login was made with: n8n binds the session to it. */
		browserId: string;
		viewport?: { width: number; height: number };
	}): Promise<Editor> {
		const profileDir = await mkdtemp(join(tmpdir(), 'amili-chromium-'));
		const context = await chromium.launchPersistentContext(profileDir, {
			executablePath: options.executablePath,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: options.viewport ?? { width: 1440, height: 900 },
		});
		const [name, ...rest] = options.cookie.split('=');
		await context.addCookies([{ name, value: rest.join('='), url: options.baseUrl }]);
		// The editor sends localStorage's n8n-browserId with every request; the cookie is only valid with the same one.
		await context.addInitScript({
			content: `localStorage.setItem('n8n-browserId', ${JSON.stringify(options.browserId)});`,
		});
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(20_000);
		return new Editor(context, page, options.baseUrl, profileDir);
	}

	/** Labels the problems recorded from now on. */
	step(label: string): void {
		this.currentStep = label;
	}

	/** Problems recorded since `from` (an index into `problems`). */
	problemsSince(from: number): EditorProblem[] {
		return this.problems.slice(from);
	}

	async close(): Promise<void> {
		await this.context.close().catch(() => undefined);
		await rm(this.profileDir, { recursive: true, force: true });
	}

	get ndv(): Locator {
		return this.page.locator('[data-test-id="ndv"]');
	}

	canvasNode(name: string): Locator {
		return this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	}

	async openWorkflow(id: string): Promise<void> {
		this.step(`open workflow ${id}`);
		await this.page.goto(`${this.baseUrl}/workflow/${id}`);
		await this.page.locator('[data-test-id="canvas-node"]').first().waitFor();
		this.signedIn = true;
	}

	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.ndv.waitFor();
		await this.ndv.locator('[data-test-id="node-parameters"]').waitFor();
	}

	async closeNode(): Promise<void> {
		if (!(await this.ndv.isVisible())) return;
		await this.ndv.locator('[data-test-id="ndv-close-button"]').click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	parameterInput(name: string): Locator {
		return this.ndv.locator(
			`[data-test-id="node-parameters"] [data-test-id="parameter-input-${name}"]:visible`,
		);
	}

	/** Opens an options parameter's dropdown and picks the option shown as `optionName`. */
	async selectOption(name: string, optionName: string): Promise<void> {
		const input = this.parameterInput(name);
		await input.click();
		const item = this.page
			.locator('[data-test-id="parameter-input-item"]:visible')
			.filter({ has: this.page.getByText(optionName, { exact: true }) });
		await item.click();
		await this.page
			.locator('[data-test-id="parameter-input-item"]:visible')
			.first()
			.waitFor({ state: 'hidden' });
	}

	/** The options an options parameter's dropdown offers, in order (opens and closes it). */
	async optionNames(name: string): Promise<string[]> {
		await this.parameterInput(name).click();
		const items = this.page.locator('[data-test-id="parameter-input-item"]:visible');
		await items.first().waitFor();
		const names = (await items.locator('.option-headline').allInnerTexts()).map((t) => t.trim());
		// Clicking the select again closes it (Escape could reach the panel and close it).
		await this.parameterInput(name).click();
		await items.first().waitFor({ state: 'hidden' });
		return names;
	}

	/** Flips a boolean parameter's switch and waits until it shows `to`. */
	async setSwitch(name: string, to: boolean): Promise<void> {
		const toggle = this.parameterInput(name).locator('[role="switch"], .el-switch').first();
		const checked = async () =>
			(await this.parameterInput(name)
				.locator('[role="switch"]')
				.first()
				.getAttribute('aria-checked')) === 'true' ||
			(await this.parameterInput(name).locator('.el-switch.is-checked').count()) > 0;
		if ((await checked()) === to) return;
		await toggle.click();
		await waitUntil(
			async () => (await checked()) === to,
			5_000,
			() => `switch ${name} did not turn ${to}`,
		);
	}

	/** The panel's top-level items, in order (only the Parameters tab, only what is visible). */
	async renderedParameters(): Promise<RenderedItem[]> {
		return this.ndv.locator('[data-test-id="node-parameters"]').evaluate((root: PageElement) => {
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
	async waitForParameters(
		expected: string[],
		normalise: (item: RenderedItem) => string = (item) => item.key,
		timeoutMs = 10_000,
	): Promise<{ ok: boolean; items: RenderedItem[]; keys: string[] }> {
		const deadline = Date.now() + timeoutMs;
		let items: RenderedItem[] = [];
		let keys: string[] = [];
		for (;;) {
			items = await this.renderedParameters();
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
	async selectedCredential(expected?: string, timeoutMs = 10_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const shown = await this.credentialShown();
			if (expected === undefined || shown === expected || Date.now() > deadline) return shown;
			await sleep(100);
		}
	}

	private async credentialShown(): Promise<string> {
		const select = this.ndv.locator('[data-test-id="node-credentials-select"]').first();
		const input = select.locator('input').first();
		const value =
			(await input.inputValue().catch(() => '')) || (await input.getAttribute('placeholder')) || '';
		return value || (await select.innerText()).trim();
	}

	get credentialModal(): Locator {
		return this.page.locator('[data-test-id="editCredential-modal"]');
	}

	/** Opens the credential of the open node (its pencil button next to the credential select). */
	async openNodeCredential(): Promise<void> {
		await this.ndv.locator('[data-test-id="credential-edit-button"]').click();
		await this.credentialModal.waitFor();
	}

	/**
	 * Waits for the credential dialog's test banner: n8n tests a saved credential when its dialog opens,
	 * and again on Retry. Returns 'success' or the error banner's text.
	 */
	async credentialTestResult(timeoutMs = 20_000): Promise<{ ok: boolean; text: string }> {
		const success = this.credentialModal.locator(
			'[data-test-id="credentials-config-container-test-success"]',
		);
		const failure = this.credentialModal.locator(
			'[data-test-id="credentials-config-container-test-error"]',
		);
		await success.or(failure).first().waitFor({ timeout: timeoutMs });
		if (await success.isVisible())
			return { ok: true, text: (await success.innerText()).replace(/\s+/g, ' ').trim() };
		return { ok: false, text: (await failure.innerText()).replace(/\s+/g, ' ').trim() };
	}

	/** Clicks the test banner's Retry button. */
	async retryCredentialTest(): Promise<void> {
		await this.credentialModal
			.locator('[data-test-id^="credentials-config-container-test-"]')
			.getByRole('button', { name: /Retry/ })
			.click();
	}

	/** The credential dialog's "Setup credential" mode (where n8n puts the node's Authentication choice). */
	async credentialMode(): Promise<string> {
		return (
			await this.credentialModal
				.locator('[data-test-id="credential-mode-dropdown-trigger"]')
				.innerText()
		).trim();
	}

	/** Closes the credential dialog with its own close button (Escape would close the node's panel too). */
	async closeCredentialModal(): Promise<void> {
		await this.credentialModal.getByRole('button', { name: 'Close this dialog' }).click();
		await this.credentialModal.waitFor({ state: 'hidden' });
	}

	/** Screenshot of the open node's panel. */
	async screenshotPanel(path: string): Promise<void> {
		await this.ndv.screenshot({ path, animations: 'disabled', caret: 'hide' });
	}
}

export async function waitUntil(
	condition: () => Promise<boolean>,
	timeoutMs: number,
	message: () => string,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(message());
		await sleep(100);
	}
}
