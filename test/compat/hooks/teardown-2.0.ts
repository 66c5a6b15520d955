/** globalTeardown of the compat-n8n-2.0 project. */
import { teardownRuntime } from '../../harness/global-teardown';

export default (): Promise<void> => teardownRuntime('2.0');
