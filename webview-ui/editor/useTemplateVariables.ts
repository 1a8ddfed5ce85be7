import { useEffect, useState } from 'react';
import { client } from './editorClient';

const DEBOUNCE_MS = 150;

/**
 * The variables a template reads, asked of the host while the user types: the engine's Nunjucks parser decides, so
 * the canvas flags exactly what a run would need (and reports a template that does not parse).
 */
export function useTemplateVariables(template: string): { variables: string[]; error?: string } {
  const [result, setResult] = useState<{ variables: string[]; error?: string }>({ variables: [] });
  useEffect(() => {
    if (!template.includes('{')) {
      setResult({ variables: [] });
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      client.request('templateVariables', { template }).then(
        (r) => current && setResult(r),
        () => current && setResult({ variables: [] }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [template]);
  return result;
}
