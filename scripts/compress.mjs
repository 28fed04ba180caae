// Pre-compressed copies of what the reference server serves (tower-http's precompressed_br /
// precompressed_gzip send `name.br` / `name.gz` as they are): brotli at quality 11 and
// gzip at level 9, done once at build time instead of at the server's lower on-the-fly
// levels on every request: smaller transfers, and no compression work per request.
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** `bytes` compressed with brotli at quality 11: what the server sends, and what bench/ counts. */
export function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** `bytes` compressed with gzip at level 9. */
export function gzip(bytes) {
  return gzipSync(bytes, { level: 9 });
}

/** Writes `file.br` and `file.gz` beside `file` (a file: URL); returns the brotli size. */
export function writeCompressed(file) {
  const bytes = readFileSync(file);
  const compressed = brotli(bytes);
  writeFileSync(new URL(`${file.href}.br`), compressed);
  writeFileSync(new URL(`${file.href}.gz`), gzip(bytes));
  return compressed.length;
}
