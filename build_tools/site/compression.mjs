// Brotli copies for build_tools/site/compression.py, by Node.js's own zlib:
// `node compression.mjs LIST` reads LIST, a JSON array of [source, destination,
// quality], and writes each source compressed to its destination (written aside, then renamed: two builds may share a cache).
import { readFile, rename, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants } from "node:zlib";

const compress = promisify(brotliCompress);
const [listFile] = process.argv.slice(2);
const pairs = JSON.parse(await readFile(listFile, "utf-8"));

await Promise.all(pairs.map(async ([source, destination, quality]) => {
  const data = await readFile(source);
  const compressed = await compress(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const aside = `${destination}.${process.pid}.tmp`;
  await writeFile(aside, compressed);
  await rename(aside, destination);
}));
