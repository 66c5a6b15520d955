/**
 * The credential dialog (n8n's editCredential modal) of the open node: its connection-test banner,
 * its mode, closing it.
 */
import type { Locator } from 'playwright-core';

/**
 * Waits for the credential dialog's test banner: n8n tests a saved credential when its dialog opens,
 * and again on Retry. Returns 'success' or the error banner's text.
 */
export async function credentialTestResult(
	modal: Locator,
	timeoutMs: number,
): Promise<{ ok: boolean; text: string }> {
	const success = modal.locator('[data-test-id="credentials-config-container-test-success"]');
	const failure = modal.locator('[data-test-id="credentials-config-container-test-error"]');
	await success.or(failure).first().waitFor({ timeout: timeoutMs });
	if (await success.isVisible())
		return { ok: true, text: (await success.innerText()).replace(/\s+/g, ' ').trim() };
	return { ok: false, text: (await failure.innerText()).replace(/\s+/g, ' ').trim() };
}

/** Clicks the test banner's Retry button. */
export async function retryCredentialTest(modal: Locator): Promise<void> {
	await modal
		.locator('[data-test-id^="credentials-config-container-test-"]')
		.getByRole('button', { name: /Retry/ })
		.click();
}

/** The credential dialog's "Setup credential" mode (where n8n puts the node's Authentication choice). */
export async function credentialMode(modal: Locator): Promise<string> {
	return (
		await modal.locator('[data-test-id="credential-mode-dropdown-trigger"]').innerText()
	).trim();
}

/** Closes the credential dialog with its own close button (Escape would close the node's panel too). */
export async function closeCredentialModal(modal: Locator): Promise<void> {
	await modal.getByRole('button', { name: 'Close this dialog' }).click();
	await modal.waitFor({ state: 'hidden' });
}
