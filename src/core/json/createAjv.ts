import Ajv from 'ajv';

/** `format` values of block config schemas: editor hints (which widget to show), not constraints on the value. */
export const EDITOR_FORMATS = ['prompt', 'template', 'json-or-template'] as const;

/**
 * An ajv instance that knows this project's annotation keywords, so strict mode still rejects real typos in
 * schemas while accepting what the editor reads: `isFieldReference`, `modelKind`, the editor `format`s above,
 * and VS Code's JSON-editor extensions (`markdownDescription`, `defaultSnippets`, `patternErrorMessage`) used in the
 * pipeline schema.
 * `allErrors` so a file shows every problem at once.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // parentSchema on errors, so messages can use the schema's own wording (patternErrorMessage).
    verbose: true,
    strict: true,
    // json-or-template fields are unions such as ["string", "array"]; strictTypes would warn about each one.
    strictTypes: false,
    allowUnionTypes: true,
  });
  ajv.addKeyword({ keyword: 'isFieldReference', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'modelKind', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'defaultSnippets', schemaType: 'array' });
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  for (const format of EDITOR_FORMATS) ajv.addFormat(format, true);
  return ajv;
}
