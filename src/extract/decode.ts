/**
 * Page bytes → text, as a browser decodes a page: byte-order mark first, then the HTTP charset,
 * then a `<meta charset>` or `<meta http-equiv=Content-Type>` in the first 1024 bytes, else UTF-8
 * (HTML's modern default). One decoder for every path that reads a page as bytes: the CLI, web
 * archive captures and watched articles.
 */

function charsetOf(contentType: string | null | undefined): string | null {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

export function decodeHtml(bytes: Uint8Array, contentType?: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const fromHeader = decoderFor(charsetOf(contentType));
  if (fromHeader) return fromHeader.decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const meta =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+http-equiv\s*=\s*["']?content-type["']?[^>]*content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(
      head,
    )?.[1] ??
    null;
  // A page that declares UTF-16 in ASCII-compatible bytes is wrong about it; browsers use UTF-8.
  const decoder = meta && !/^utf-?16/i.test(meta) ? decoderFor(meta) : null;
  return (decoder ?? new TextDecoder('utf-8')).decode(bytes);
}
