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
 *
 * Reading the parameters panel is parameters-panel.ts's job; the credential dialog is
 * credential-dialog.ts's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import * as credentialDialog from './credential-dialog';
import * as panel from './parameters-panel';
import type { RenderedItem } from './parameters-panel';
import { waitUntil } from './wait';

export { CREDENTIALS_ITEM, type RenderedItem } from './parameters-panel';
export { waitUntil } from './wait';

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
	renderedParameters(): Promise<RenderedItem[]> {
		return panel.renderedParameters(this.ndv);
	}

	/** Polls the panel until its items' keys (mapped by `normalise`) equal `expected`; returns the last items seen. */
	waitForParameters(
		expected: string[],
		normalise: (item: RenderedItem) => string = (item) => item.key,
		timeoutMs = 10_000,
	): Promise<{ ok: boolean; items: RenderedItem[]; keys: string[] }> {
		return panel.waitForParameters(this.ndv, expected, normalise, timeoutMs);
	}

	/** The credential select's text; given `expected`, waits (up to `timeoutMs`) until it shows that. */
	selectedCredential(expected?: string, timeoutMs = 10_000): Promise<string> {
		return panel.selectedCredential(this.ndv, expected, timeoutMs);
	}

	get credentialModal(): Locator {
		return this.page.locator('[data-test-id="editCredential-modal"]');
	}

	/** Opens the credential of the open node (its pencil button next to the credential select). */
	async openNodeCredential(): Promise<void> {
		await this.ndv.locator('[data-test-id="credential-edit-button"]').click();
		await this.credentialModal.waitFor();
	}

	/** Waits for the credential dialog's test banner; returns 'success' or the error banner's text. */
	credentialTestResult(timeoutMs = 20_000): Promise<{ ok: boolean; text: string }> {
		return credentialDialog.credentialTestResult(this.credentialModal, timeoutMs);
	}

	/** Clicks the test banner's Retry button. */
	retryCredentialTest(): Promise<void> {
		return credentialDialog.retryCredentialTest(this.credentialModal);
	}

	/** The credential dialog's "Setup credential" mode. */
	credentialMode(): Promise<string> {
		return credentialDialog.credentialMode(this.credentialModal);
	}

	/** Closes the credential dialog with its own close button. */
	closeCredentialModal(): Promise<void> {
		return credentialDialog.closeCredentialModal(this.credentialModal);
	}

	/** Screenshot of the open node's panel. */
	async screenshotPanel(path: string): Promise<void> {
		await this.ndv.screenshot({ path, animations: 'disabled', caret: 'hide' });
	}
}
