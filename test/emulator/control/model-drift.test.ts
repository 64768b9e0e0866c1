// Cross-checks the emulator's constraint constants against the pinned botocore model, so a typo or a model update
// shows up here. Where the emulator deliberately follows the newer API reference / JS SDK, the divergence is listed
// explicitly together with what the pinned model says, so a model refresh that catches up fails loudly too.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { CONSTRAINTS, ENUMS, FILESYSTEM_KINDS, RANGES } from '../../../emulator/control/constraints.ts';

const MODEL_URL = new URL(
  '../../../../shared/reference/botocore-models/bedrock-agentcore-control/2023-06-05/service-2.json',
  import.meta.url,
);
const present = existsSync(fileURLToPath(MODEL_URL));

interface Shape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  members?: Record<string, { shape: string }>;
}

/** Shapes the pinned model (botocore 1.42.75) lacks or states differently, and why we differ. */
const NEWER_THAN_MODEL: Record<string, { model: Partial<Shape> | 'absent'; reason: string }> = {
  FilesystemConfigurations: { model: { min: 0, max: 1 }, reason: 'API reference / devguide: up to 5 mounts' },
  EfsAccessPointArn: { model: 'absent', reason: 'efsAccessPoint mounts are newer than the model' },
  S3FilesAccessPointArn: { model: 'absent', reason: 's3FilesAccessPoint mounts are newer than the model' },
  CapacityProviderVolumeName: { model: 'absent', reason: 'capacityProviderVolume mounts are newer than the model' },
};

/** Our regex literals escape '/', the model's strings do not. */
const source = (re: RegExp): string => re.source.replace(/\\\//g, '/');

describe.skipIf(!present)('constraints match the botocore model', () => {
  const shapes = present ? (JSON.parse(readFileSync(MODEL_URL, 'utf8')) as { shapes: Record<string, Shape> }).shapes : {};

  const entries: [string, { shape: string; min?: number; max?: number; pattern?: RegExp }][] = [
    ...Object.entries(CONSTRAINTS),
    ...Object.entries(RANGES),
  ];
  it.each(entries)('%s', (_name, c) => {
    const diverged = NEWER_THAN_MODEL[c.shape];
    const shape = shapes[c.shape];
    if (diverged) {
      if (diverged.model === 'absent') expect(shape, diverged.reason).toBeUndefined();
      else expect(shape, diverged.reason).toMatchObject(diverged.model);
      return;
    }
    expect(shape, `shape ${c.shape}`).toBeDefined();
    expect(c.min, 'min').toBe(shape!.min);
    expect(c.max, 'max').toBe(shape!.max);
    expect(c.pattern && source(c.pattern), 'pattern').toBe(shape!.pattern);
  });

  it.each(Object.entries(ENUMS))('enum %s', (name, values) => {
    const extra = name === 'AgentManagedRuntimeType' ? ['NODE_22'] : []; // in the current JS SDK, not the model
    expect([...values].filter((v) => !extra.includes(v)).sort()).toEqual([...shapes[name]!.enum!].sort());
  });

  it('FilesystemConfiguration union: the model knows sessionStorage, we add the newer kinds', () => {
    expect(Object.keys(shapes.FilesystemConfiguration!.members!)).toEqual(['sessionStorage']);
    expect(FILESYSTEM_KINDS).toContain('sessionStorage');
  });
});

it.skipIf(present)('constraint drift check skipped: ../shared/reference/botocore-models is not beside the project', () => {});
