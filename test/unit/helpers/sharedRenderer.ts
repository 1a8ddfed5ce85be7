import { TemplateRenderer } from '../../../src/core/templates/templateRenderer';

/**
 * One renderer (and so one small pool of render workers) for the block tests, instead of a pool per test. Its idle
 * workers keep no process alive and stop on their own.
 */
export const sharedRenderer = new TemplateRenderer();
