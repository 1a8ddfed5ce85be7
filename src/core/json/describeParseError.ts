import { createScanner, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** What a parse error means to a person, and the text span to underline. */
export interface ParseErrorDescription {
  what: string;
  offset: number;
  length: number;
  /** The parser skips a trailing comma or a comment exactly, so errors after it are real; after others they are noise. */
  recoverable: boolean;
}

type ParseErrorName = ReturnType<typeof printParseErrorCode>;

const WHAT: Record<ParseErrorName, string> = {
  InvalidSymbol: 'unexpected characters; a value is a "string", a number, true, false, null, an object or an array',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon (:) after the property name',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in this file; remove the comment',
  UnexpectedEndOfComment: 'comment is not closed; comments are not allowed in this file',
  UnexpectedEndOfString: 'the string is not closed with a double quote (strings cannot span lines; use \\n)',
  UnexpectedEndOfNumber: 'the number is incomplete',
  InvalidUnicode: 'invalid unicode escape; use \\u followed by 4 hex digits',
  InvalidEscapeCharacter: 'invalid escape sequence in a string; write a backslash as \\\\',
  InvalidCharacter: 'invalid character in a string; control characters such as tabs must be escaped (\\t)',
  '<unknown ParseErrorCode>': 'invalid JSON',
};

/**
 * Describes a jsonc-parser error. Cases that the raw code names badly are recognised from the text around the
 * offset: a trailing comma (reported by the parser as "property name expected" at the closing bracket), an empty
 * file, and the end of the file.
 */
export function describeParseError(error: ParseError, text: string): ParseErrorDescription {
  const name = printParseErrorCode(error.error);
  const at = text.charAt(error.offset);

  if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && (at === '}' || at === ']')) {
    const comma = previousTokenOffset(text, error.offset);
    if (comma >= 0 && text.charAt(comma) === ',') {
      return { what: `trailing comma before "${at}" is not allowed; remove the comma`, offset: comma, length: 1, recoverable: true };
    }
  }
  if (name === 'ValueExpected' && text.trim() === '') {
    return { what: 'the file is empty; it must contain a JSON value', offset: 0, length: 0, recoverable: false };
  }
  if (error.offset >= text.length && (name === 'CloseBraceExpected' || name === 'CloseBracketExpected' || name === 'ValueExpected')) {
    return { what: `unexpected end of file: ${WHAT[name]}`, offset: text.length, length: 0, recoverable: false };
  }
  if (name === 'InvalidSymbol') {
    const symbol = text.slice(error.offset, error.offset + Math.min(error.length, 20));
    return { what: `unexpected "${symbol}": ${WHAT[name]}`, offset: error.offset, length: error.length, recoverable: false };
  }
  return { what: WHAT[name], offset: error.offset, length: Math.max(error.length, 1), recoverable: name === 'InvalidCommentToken' };
}

/** Offset of the last token before `offset`, skipping whitespace and comments (a comment may sit after a comma). */
function previousTokenOffset(text: string, offset: number): number {
  const scanner = createScanner(text, true);
  let previous = -1;
  while (scanner.scan() !== 17 /* SyntaxKind.EOF */ && scanner.getTokenOffset() < offset) previous = scanner.getTokenOffset();
  return previous;
}
