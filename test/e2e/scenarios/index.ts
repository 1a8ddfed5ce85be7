import type { Scenario } from '../scenarioTypes';
import { cancelScenario } from './cancel';
import { editorScenario } from './editor';
import { generateScenario } from './generate';
import { promptLoopScenario } from './promptLoop';
import { jobsTreeScenario } from './jobsTree';
import { reviewScenario } from './review';
import { trainingDataScenario } from './trainingData';
import { verifySeedsScenario } from './verifySeeds';

/** In this order: the Jobs tree scenario looks at the jobs that Generate and Cancel ran. */
export const SCENARIOS: Scenario[] = [generateScenario, cancelScenario, verifySeedsScenario, jobsTreeScenario, editorScenario, reviewScenario, promptLoopScenario, trainingDataScenario];

/**
 * Screenshots the README shows: e2e name → media/screenshots/<file>, refreshed by
 * `npm run test:e2e -- --readme-screenshots` (only after a run where every scenario passed).
 */
export const README_SHOTS: Record<string, string> = {
  'a3-progress': 'generate-progress.png',
  'c3-problems-crop': 'verify-seeds-problems.png',
  'd2-jobs-context-menu': 'jobs-tree.png',
  'd4-exported-crop': 'export-jsonl.png',
  'e3-configured-light': 'pipeline-editor.png',
  'f3-edited-crop': 'review-panel.png',
  'h2-review-chat-light': 'review-chat-light.png',
  'h2-review-chat-dark': 'review-chat-dark.png',
  'h3-export-dialog-light': 'export-dialog-light.png',
  'h3-export-dialog-dark': 'export-dialog-dark.png',
  'h4-dataset-report-light': 'dataset-report-light.png',
  'h4-dataset-report-dark': 'dataset-report-dark.png',
  'h5-compare-jobs-light': 'compare-jobs-light.png',
  'h5-compare-jobs-dark': 'compare-jobs-dark.png',
};
