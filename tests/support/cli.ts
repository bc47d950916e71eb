import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const cliPath = path.join(repoRoot, 'packages/server/src/cli.ts');
// Plain node with tsx as a loader, as `npm start` runs it: the tsx CLI's parent process relays signals
// and SIGKILLs a child that does not acknowledge within 30 ms, which would skip the clean shutdown.
const node = process.execPath;
const nodeArgs = ['--import', 'tsx', cliPath];

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs the Kulüp CLI to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(node, [...nodeArgs, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export type RunningCli = { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };

/** Kills a started server and anything it started (its own process group). */
export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Starts `kulup start` and resolves once the server logs its URL. */
export function startCli(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [...nodeArgs, 'start'], { cwd: repoRoot, env: { ...process.env, PORT: '0', ...env }, detached: true });
    let output = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
