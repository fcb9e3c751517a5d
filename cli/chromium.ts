import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import type { CpuCgroup } from './cpu-cgroup';

/**
 * The only browser is the system's Chromium; nothing is downloaded. These flags turn on WebGPU over
 * SwiftShader's Vulkan where there is no GPU, and keep Chromium off the network. ForceEagerMeasureMemory
 * makes measureUserAgentSpecificMemory measure at once instead of at the next garbage collection (up to
 * 20 s away): the same bytes, without the lab waiting for them.
 */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-blink-features=ForceEagerMeasureMemory',
];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`no Chromium at ${path}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return path;
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumArgs, ...extraArgs],
  });
}

/** Launch options that start Chromium inside `group` (through a wrapper that joins it, then execs Chromium). */
export function inCpuCgroup(options: LaunchOptions, group: CpuCgroup): LaunchOptions {
  return {
    ...options,
    executablePath: fileURLToPath(new URL('chromium-in-cgroup.sh', import.meta.url)),
    env: {
      ...process.env,
      ...options.env,
      CROSSCHECK_CPU_CGROUP: group.path,
      CROSSCHECK_CHROMIUM: options.executablePath ?? chromiumPath(),
    },
  };
}

/** Chromium with its profile kept in `profileDir` (IndexedDB, service worker caches) across launches. */
export function launchPersistentChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
  });
}
