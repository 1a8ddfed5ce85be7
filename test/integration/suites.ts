// Every integration suite, imported for its side effect of registering describe/it blocks. Add new suites here:
// they are bundled into dist/test/integration.js, which has no file system glob to find them at run time.
import './extension.test';
import './harness.test';
import './engine.test';
import './store.test';
import './commands.test';
import './customBlocks.test';
import './jobsTree.test';
import './modelsAndKeys.test';
import './newFiles.test';
import './editor.test';
import './review.test';
import './templateLanguage.test';
import './plan.test';
import './preview.test';
import './rerun.test';
import './canvasSeedPlan.test';
import './try.test';
import './batch.test';
import './report.test';
import './exportFormats.test';
