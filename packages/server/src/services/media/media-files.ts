import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where an asset's bytes live: one file per id, no extension (the type is in the database). */
export function mediaFilePath(filesDir: string, id: string): string {
  return path.join(filesDir, 'media', id);
}

/** Writes the bytes beside their final name and renames, so a reader never sees a half-written file. */
export async function writeMediaFile(filesDir: string, id: string, bytes: Buffer): Promise<void> {
  const target = mediaFilePath(filesDir, id);
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.part`;
  await writeFile(partial, bytes);
  await rename(partial, target);
}

export async function removeMediaFile(filesDir: string, id: string): Promise<void> {
  await rm(mediaFilePath(filesDir, id), { force: true });
}
