import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';

let ffmpegAvailable: Promise<boolean> | undefined;

/** Whether `ffmpeg` is on PATH; checked once. Thumbnails are optional: without it the SPA shows a placeholder. */
export function hasFfmpeg(): Promise<boolean> {
  ffmpegAvailable ??= new Promise((resolve) => execFile('ffmpeg', ['-version'], { timeout: 5000 }, (error) => resolve(!error)));
  return ffmpegAvailable;
}

/** A 320 px wide JPEG poster frame taken a little into the video; undefined when it cannot be made. */
export async function makeThumbnail(videoPath: string, outPath: string, durationMs: number): Promise<string | undefined> {
  if (!(await hasFfmpeg())) return undefined;
  const at = Math.min(1, durationMs / 2000).toFixed(2);
  return new Promise((resolve) => {
    execFile(
      'ffmpeg',
      ['-v', 'error', '-y', '-ss', at, '-i', videoPath, '-frames:v', '1', '-vf', 'scale=320:-2', '-q:v', '5', outPath],
      { timeout: 30_000 },
      (error) => {
        if (error) void rm(outPath, { force: true }).then(() => resolve(undefined));
        else resolve(outPath);
      },
    );
  });
}
