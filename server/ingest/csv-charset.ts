import iconv from 'iconv-lite';
import { ApiHttpError } from '../http/api-error';

/**
 * Batches from the authorities' desktop tools are often GBK/GB18030 (Excel's "CSV" on a
 * Chinese Windows), so the CSV ingest decodes by the `charset` parameter instead of
 * assuming UTF-8. Only the encodings named here are accepted; a wrong guess would turn
 * names into mojibake that then looks like data.
 */
const CHARSETS: Record<string, 'utf-8' | 'gbk' | 'gb18030'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gbk: 'gbk',
  // GB2312 is a subset of GBK; decoding it as GBK is exact.
  gb2312: 'gbk',
  cp936: 'gbk',
  gb18030: 'gb18030',
};

/** The supported `charset` values, for messages and the OpenAPI description. */
export const CSV_CHARSETS = ['utf-8', 'gbk', 'gb18030'] as const;

/** The `charset` parameter of a Content-Type header, lower-cased; `undefined` when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match ? (match[2] as string).toLowerCase() : undefined;
}

/** 1-based line of character offset `index` in `text`. */
const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/**
 * Decodes a CSV body by its declared charset (UTF-8 when none), dropping a leading BOM.
 * Throws 400 naming the charset, and the first bad line, when the bytes are not valid in it,
 * and 400 for a charset it does not support.
 */
export function decodeCsvBody(body: Buffer, contentType: string | undefined): string {
  const declared = charsetOf(contentType);
  const charset = declared === undefined || declared === '' ? 'utf-8' : CHARSETS[declared];
  if (!charset) {
    throw new ApiHttpError(400, 'invalid', `Unsupported CSV charset "${declared}": send charset=${CSV_CHARSETS.join(', charset=')}.`, { 'content-type.charset': 'unsupported' });
  }
  let text: string;
  if (charset === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      // Find the line for the message: the lenient decode marks the bad bytes with U+FFFD.
      const lenient = body.toString('utf8');
      throw invalid('UTF-8', lineAt(lenient, lenient.indexOf('\uFFFD')), ' (a GBK file needs Content-Type: text/csv; charset=gbk)');
    }
  } else {
    text = iconv.decode(body, charset, { stripBOM: false });
    const bad = text.indexOf('\uFFFD');
    // iconv-lite replaces undecodable bytes with U+FFFD; GB18030 can also encode U+FFFD itself, so a clean round trip means it was really there.
    if (bad >= 0 && !iconv.encode(text, charset).equals(body)) throw invalid(charset.toUpperCase(), lineAt(text, bad), '');
  }
  return text.replace(/^\uFEFF/, '');
}

const invalid = (name: string, line: number, hint: string) =>
  new ApiHttpError(400, 'malformed', `The CSV body is not valid ${name} text: undecodable bytes on line ${line}${hint}.`, { 'content-type.charset': `not-${name.toLowerCase()}` });
