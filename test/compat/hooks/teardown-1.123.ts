/** globalTeardown of the compat-n8n-1.123 project. */
import { teardownRuntime } from '../../harness/global-teardown';

export default (): Promise<void> => teardownRuntime('1.123');
