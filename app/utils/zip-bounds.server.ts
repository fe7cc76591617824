/**
 * .xlsx and .docx files are zip archives, and a small archive can expand to gigabytes (a
 * zip bomb). Before a reader inflates an upload, every entry is inflated here once with a
 * running count, and the whole is refused as soon as the count passes the bound: the bound
 * holds whatever sizes the archive claims.
 */
import JSZip from "jszip";

export class ZipBoundsError extends Error {}

export type ZipBounds = { maxUncompressedBytes: number; maxEntries: number };

export const UPLOAD_ZIP_BOUNDS: ZipBounds = { maxUncompressedBytes: 64 * 1024 * 1024, maxEntries: 2_000 };

export async function checkZipBounds(bytes: Uint8Array, bounds: ZipBounds = UPLOAD_ZIP_BOUNDS): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new ZipBoundsError("文件已损坏或不是有效的 Office 文件");
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > bounds.maxEntries) throw new ZipBoundsError(`文件内部包含的部件过多（超过 ${bounds.maxEntries} 个），已拒绝`);
  const tooLarge = `文件解压后超过 ${Math.round(bounds.maxUncompressedBytes / 1024 / 1024)} MB，已拒绝（可能是异常文件）`;
  let total = 0;
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream("nodebuffer");
      stream
        .on("data", (chunk: Buffer) => {
          total += chunk.length;
          if (total > bounds.maxUncompressedBytes) {
            stream.pause();
            reject(new ZipBoundsError(tooLarge));
          }
        })
        .on("error", () => reject(new ZipBoundsError("文件已损坏或不是有效的 Office 文件")))
        .on("end", () => resolve());
    });
  }
}
